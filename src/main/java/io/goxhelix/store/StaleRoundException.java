package io.goxhelix.store;

/**
 * Workers the round decided about changed before the round could write them (they left, registered
 * afresh, or renewed a lease the round found expired): the round wrote nothing and must run again.
 */
public class StaleRoundException extends RuntimeException {

    /** @param workers which of the domain's workers changed, e.g. "2 of 500 workers" */
    public StaleRoundException(String domain, String workers) {
        super(workers + " of domain " + domain + " changed during the round");
    }
}
