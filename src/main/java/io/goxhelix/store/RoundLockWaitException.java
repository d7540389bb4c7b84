package io.goxhelix.store;

/**
 * A statement of the round waited longer than {@code gox.coordinator.lock-wait-timeout} for a row lock,
 * most likely the share lock of an application's fenced transaction on a partition the round was about
 * to regrant (doc/fencing.md). The round wrote nothing and runs again later; the term is not in doubt.
 */
public class RoundLockWaitException extends RuntimeException {

    public RoundLockWaitException(String domain, Throwable cause) {
        super("the round of domain " + domain + " waited too long for a row lock: " + cause.getMessage(), cause);
    }
}
