package io.goxhelix.client.fencing;

import java.sql.SQLException;

/**
 * The fenced transaction was refused before the application's work ran: this worker is not entitled
 * to the partition under the epoch it named, so the transaction was rolled back and wrote nothing.
 * Not worth retrying with the same epoch; the worker's next assignment says what it owns now.
 *
 * <p>Its SQLState is {@value #SQL_STATE} (class {@code XG}, implementation-defined), so that code that
 * handles {@link SQLException}s in general can tell it from the driver's own.
 */
public final class NotOwnerException extends SQLException {

    /** The SQLState of every {@code NotOwnerException}. */
    public static final String SQL_STATE = "XGF01";

    private static final long serialVersionUID = 1L;

    /** Why the partition's row refused the transaction. */
    public enum Reason {
        /** gox-helix has no row for this partition (no such queue or partition in the domain). */
        UNKNOWN_PARTITION,
        /** Another worker owns the partition under this epoch, or nobody does. */
        NOT_OWNER,
        /** The partition was granted again since this epoch: a later grant supersedes it. */
        EPOCH_SUPERSEDED,
        /** This worker's lease is over by the database clock (or the worker left). */
        LEASE_EXPIRED
    }

    private final Reason reason;

    NotOwnerException(Reason reason, String message) {
        super(message, SQL_STATE);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
