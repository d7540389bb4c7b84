package io.goxhelix.store;

import io.goxhelix.access.Authorization;

/** A request for a worker id that another principal registered; nothing was recorded. */
public class ForeignWorkerException extends RuntimeException {

    public ForeignWorkerException(String workerId) {
        super(Authorization.foreignWorker(workerId));
    }
}
