package io.goxhelix.store;

/**
 * A change would take a domain past one of its limits ({@code gox.limits.*}): its transaction is
 * rolled back, nothing is written. The message says which limit.
 */
public class DomainLimitException extends RuntimeException {

    public DomainLimitException(String message) {
        super(message, null, false, false);
    }
}
