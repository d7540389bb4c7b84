package io.goxhelix.client.fencing;

import io.goxhelix.client.AssignedPartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs an application's work in a transaction fenced by gox-helix's ownership rows:
 *
 * <pre>{@code
 * FencedTransactions fencing = FencedTransactions.of(dataSource, worker.workerId(), "billing");
 * fencing.run(p.queue(), p.partition(), p.epoch(), (connection, checkpoint) -> {
 *     long next = checkpoint.value().map(Long::parseLong).orElse(0L);
 *     ... write the effect of item next on connection ...
 *     checkpoint.set(Long.toString(next + 1));
 *     return null;
 * });
 * }</pre>
 *
 * <p>Each run takes a connection of its own from the data source, opens a transaction, share-locks and
 * checks the partition's row (see {@link OwnershipCheck}), runs the work and commits. A refusal is a
 * {@link NotOwnerException} after a rollback: nothing was written. The coordinator's regrant of the
 * partition writes that row, so it waits until the transaction ends: a transaction that passed the
 * check commits before the partition moves, or not at all. The session's lock wait and idle timeouts
 * are set to {@link #withLockWait the kit's} {@link #withIdleTimeout own} for the run and restored
 * after, with the auto-commit mode. Immutable and thread-safe; the {@code with...} methods return a
 * changed copy.
 */
public final class FencedTransactions {

    /** The service's default {@code gox.lease-timeout}. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    /** How long the share lock may be waited for by default (a round holds it for milliseconds). */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final String workerId;
    private final String domain;
    private final FencingStatements sql;
    /**
     * How long the server waits for the next statement of a fenced transaction by default: a worker
     * process frozen inside one (a GC pause, SIGSTOP, a debugger) loses its connection after this, the
     * server rolls the transaction back, and the partition can move on.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Duration lease;
    private final Timeouts timeouts;

    /** The session settings of a run, in whole seconds (InnoDB's and the server's unit). */
    record Timeouts(Duration lockWait, Duration idle) {}

    private FencedTransactions(
            DataSource dataSource,
            String workerId,
            String domain,
            FencingStatements sql,
            Duration lease,
            Timeouts timeouts) {
        this.dataSource = dataSource;
        this.workerId = workerId;
        this.domain = domain;
        this.sql = sql;
        this.lease = lease;
        this.timeouts = timeouts;
    }

    /**
     * @param dataSource connections to the MySQL server holding gox-helix's schema (and, to be fenced,
     *     the application's data)
     * @param workerId this worker's id, as its {@code GoxWorker} heartbeats it
     */
    public static FencedTransactions of(DataSource dataSource, String workerId, String domain) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(domain, "domain");
        return new FencedTransactions(
                dataSource,
                workerId,
                domain,
                FencingStatements.unqualified(),
                DEFAULT_LEASE,
                new Timeouts(DEFAULT_LOCK_WAIT, DEFAULT_IDLE_TIMEOUT));
    }

    /** gox-helix's tables are in {@code schema}, not in the connections' current database. */
    public FencedTransactions withSchema(String schema) {
        return new FencedTransactions(dataSource, workerId, domain, FencingStatements.in(schema), lease, timeouts);
    }

    /** The service's {@code gox.lease-timeout}, if not the default: the check judges leases as it does. */
    public FencedTransactions withLease(Duration lease) {
        requirePositive(lease, "lease");
        return new FencedTransactions(dataSource, workerId, domain, sql, lease, timeouts);
    }

    /**
     * How long a statement of the run may wait for a row lock ({@code innodb_lock_wait_timeout} of the
     * session during the run); whole seconds, at least 1.
     */
    public FencedTransactions withLockWait(Duration lockWait) {
        requirePositive(lockWait, "lockWait");
        return new FencedTransactions(
                dataSource, workerId, domain, sql, lease, new Timeouts(lockWait, timeouts.idle()));
    }

    /**
     * How long the server waits for the next statement of a run ({@code wait_timeout} of the session
     * during the run) before it drops the connection and rolls the transaction back; whole seconds, at
     * least 1. Bounds how long a frozen worker holds its partition's row, and so delays its regrant.
     */
    public FencedTransactions withIdleTimeout(Duration idle) {
        requirePositive(idle, "idle");
        return new FencedTransactions(
                dataSource, workerId, domain, sql, lease, new Timeouts(timeouts.lockWait(), idle));
    }

    /** {@link #run(String, int, long, FencedWork)} for a partition as the worker client granted it. */
    public <T> T run(AssignedPartition partition, FencedWork<T> work) throws SQLException {
        return run(partition.queue(), partition.partition(), partition.epoch(), work);
    }

    /**
     * Runs {@code work} in a transaction that commits only if this worker owns the partition under
     * {@code epoch}, by the partition's row share-locked at the start.
     *
     * @throws NotOwnerException if it does not (rolled back, the work did not run)
     * @throws SQLException what the driver or the work threw (rolled back)
     */
    public <T> T run(String queue, int partition, long epoch, FencedWork<T> work) throws SQLException {
        Partition p = new Partition(domain, queue, partition, workerId);
        OwnershipCheck check = new OwnershipCheck(sql, lease);
        try (Connection c = dataSource.getConnection()) {
            try (SessionSettings settings = SessionSettings.fenced(c, timeouts)) {
                try {
                    check.verify(c, p, epoch);
                    T result = work.apply(c, new Checkpoint(c, sql, p, epoch));
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            }
        }
    }

    /**
     * The partition's checkpoint as last committed, read outside any fenced transaction (for a look;
     * an owner resuming its work reads {@link Checkpoint#value()} inside its transaction instead).
     */
    public Optional<String> checkpoint(String queue, int partition) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Checkpoint.read(c, sql.checkpoint(), new Partition(domain, queue, partition, workerId));
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /**
     * The session's auto-commit mode, lock wait timeout and idle timeout, changed for a run and put
     * back after (before the connection returns to its pool).
     */
    private static final class SessionSettings implements AutoCloseable {

        private final Connection connection;
        private final boolean autoCommit;
        private final long lockWaitSeconds;
        private final long idleSeconds;

        private SessionSettings(Connection connection, boolean autoCommit, long lockWaitSeconds, long idleSeconds) {
            this.connection = connection;
            this.autoCommit = autoCommit;
            this.lockWaitSeconds = lockWaitSeconds;
            this.idleSeconds = idleSeconds;
        }

        static SessionSettings fenced(Connection c, Timeouts timeouts) throws SQLException {
            SessionSettings before;
            try (PreparedStatement s =
                            c.prepareStatement("SELECT @@SESSION.innodb_lock_wait_timeout, @@SESSION.wait_timeout");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                before = new SessionSettings(c, c.getAutoCommit(), rs.getLong(1), rs.getLong(2));
            }
            set(c, seconds(timeouts.lockWait()), seconds(timeouts.idle()));
            c.setAutoCommit(false);
            return before;
        }

        @Override
        public void close() throws SQLException {
            connection.setAutoCommit(autoCommit);
            set(connection, lockWaitSeconds, idleSeconds);
        }

        private static long seconds(Duration d) {
            return Math.max(1, (d.toMillis() + 999) / 1000);
        }

        private static void set(Connection c, long lockWait, long idle) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = " + lockWait + ", wait_timeout = " + idle);
            }
        }
    }
}
