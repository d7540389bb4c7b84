package io.goxhelix.client.fencing;

import io.goxhelix.client.fencing.NotOwnerException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The check at the start of a fenced transaction, in the order of its answers: the row exists, the
 * epoch is the current one, this worker owns it in an entitled state, and its lease holds.
 */
final class OwnershipCheck {

    private final FencingStatements sql;
    private final long leaseMicros;

    OwnershipCheck(FencingStatements sql, Duration lease) {
        this.sql = sql;
        this.leaseMicros = lease.toNanos() / 1000;
    }

    /** Returns normally if {@code p} may write under {@code epoch}; share-locks the partition's row. */
    void verify(Connection c, Partition p, long epoch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql.partitionShareLocked())) {
            p.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw refused(Reason.UNKNOWN_PARTITION, p, epoch, "gox-helix has no such partition");
                }
                checkGrant(p, epoch, rs.getString(1), rs.getString(2), rs.getLong(3));
            }
        }
        checkLease(c, p, epoch);
    }

    private static void checkGrant(Partition p, long epoch, String owner, String state, long current)
            throws NotOwnerException {
        if (current > epoch) {
            throw refused(Reason.EPOCH_SUPERSEDED, p, epoch, "granted again since, now at epoch " + current);
        }
        boolean entitled = "ASSIGNED".equals(state) || "RELEASING".equals(state);
        if (current != epoch || !p.workerId().equals(owner) || !entitled) {
            throw refused(
                    Reason.NOT_OWNER,
                    p,
                    epoch,
                    "the partition is " + state + " at epoch " + current + (owner == null ? "" : ", owner " + owner));
        }
    }

    private void checkLease(Connection c, Partition p, long epoch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql.lease())) {
            s.setLong(1, leaseMicros);
            s.setString(2, p.domain());
            s.setString(3, p.workerId());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1) || !rs.getBoolean(2)) {
                    throw refused(Reason.LEASE_EXPIRED, p, epoch, "the worker's lease is over by the database clock");
                }
            }
        }
    }

    private static NotOwnerException refused(Reason reason, Partition p, long epoch, String why) {
        return new NotOwnerException(
                reason, "worker " + p.workerId() + " may not write " + p + " under epoch " + epoch + ": " + why);
    }
}
