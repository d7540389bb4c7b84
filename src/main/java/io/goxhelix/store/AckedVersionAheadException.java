package io.goxhelix.store;

/** A heartbeat acknowledged a version the worker was never sent; nothing was recorded. */
public class AckedVersionAheadException extends RuntimeException {

    public AckedVersionAheadException(long acked, long current) {
        super("ackedVersion " + acked + " is ahead of the worker's assignment version " + current);
    }
}
