package io.goxhelix.store;

/**
 * A worker the round decided about changed before the round could lock it (it left, registered
 * afresh, or renewed a lease the round found expired): the round wrote nothing and must run again.
 */
public class StaleRoundException extends RuntimeException {

    public StaleRoundException(String domain, String workerId) {
        super("worker " + workerId + " of domain " + domain + " changed during the round");
    }
}
