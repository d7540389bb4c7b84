package io.goxhelix.coordination;

/** The fencing term moved on: another coordinator was elected, so this one's round must change nothing. */
public class DeposedException extends RuntimeException {

    public DeposedException(long ownTerm, long currentTerm) {
        super("coordinator term " + ownTerm + " was superseded by term " + currentTerm);
    }
}
