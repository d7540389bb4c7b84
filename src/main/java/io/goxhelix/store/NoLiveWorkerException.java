package io.goxhelix.store;

/** A planned event for a worker that is not live (never registered, left or expired); nothing was recorded. */
public class NoLiveWorkerException extends RuntimeException {

    public NoLiveWorkerException(String domain, String workerId) {
        super("No live worker '" + workerId + "' in domain '" + domain + "'");
    }
}
