package io.goxhelix.store;

import io.goxhelix.GoxConfig;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.DeposedException;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.coordination.WorkerRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The coordinator's SQL: the election lock and the fencing term on its dedicated connection, and the
 * round transaction, which checks the term under a row lock before it writes anything.
 */
@ApplicationScoped
public class CoordinatorStore {

    private static final Logger LOG = Logger.getLogger(CoordinatorStore.class);

    /** Rows per multi-row upsert: large enough to amortise round trips, far below placeholder limits. */
    private static final int CHUNK = 500;

    /**
     * Partition rows per upsert: a cold start writes 100 000 of them in one round, and each statement
     * is a round trip that waits for the processor on a busy machine; 2 000 rows are about 150 KB of
     * text, far below {@code max_allowed_packet} (16 MB on MariaDB, 64 MB on MySQL 8).
     */
    private static final int ROWS_PER_UPSERT = 2000;

    private final Pool pool;
    private final PartitionCache partitions;

    CoordinatorStore(Pool pool, GoxConfig config) {
        this.pool = pool;
        // Read again at the pace of the periodic round, which also reads everything else afresh.
        this.partitions =
                new PartitionCache(config.coordinator().rebalanceInterval().toNanos());
    }

    /**
     * Makes a dead or frozen holder lose the lock within seconds: the server closes a session idle
     * longer than {@code idle}, which releases its lock and rolls back its transaction.
     */
    public Uni<Void> prepareSession(SqlConnection c, Duration idle, Duration lockWait) {
        return c.query("SET SESSION wait_timeout = " + Math.max(1, idle.toSeconds()) + ", innodb_lock_wait_timeout = "
                        + Math.max(1, lockWait.toSeconds()))
                .execute()
                .replaceWithVoid();
    }

    public Uni<Boolean> tryLock(SqlConnection c, String lockName) {
        return c.preparedQuery("SELECT GET_LOCK(?, 0)")
                .execute(Tuple.of(lockName))
                .map(rs -> Integer.valueOf(1).equals(rs.iterator().next().getInteger(0)));
    }

    /** True while this session holds the lock; doubles as the keep-alive of the session. */
    public Uni<Boolean> holds(SqlConnection c, String lockName) {
        return c.preparedQuery("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")
                .execute(Tuple.of(lockName))
                .map(rs -> Integer.valueOf(1).equals(rs.iterator().next().getInteger(0)));
    }

    public Uni<Void> release(SqlConnection c, String lockName) {
        return c.preparedQuery("SELECT RELEASE_LOCK(?)")
                .execute(Tuple.of(lockName))
                .replaceWithVoid();
    }

    /** Opens a new term for the instance that just took the lock. */
    public Uni<Term> claimTerm(SqlConnection c, String lockName, String instanceId) {
        return c.preparedQuery("INSERT INTO coordinator_term (name, term, holder, since)"
                        + " VALUES (?, 1, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE"
                        + " term = term + 1, holder = VALUES(holder), since = VALUES(since)")
                .execute(Tuple.of(lockName, instanceId))
                .flatMap(ignored -> c.preparedQuery("SELECT term, holder, since FROM coordinator_term WHERE name = ?")
                        .execute(Tuple.of(lockName)))
                .map(rs -> toTerm(rs.iterator().next()));
    }

    /** The acting coordinator: the latest term, if its election lock is held by anyone. */
    public Uni<Optional<Term>> current(String termName, String lockName) {
        return pool.preparedQuery("SELECT term, holder, since, IS_USED_LOCK(?) IS NOT NULL FROM coordinator_term"
                        + " WHERE name = ?")
                .execute(Tuple.of(lockName, termName))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.<Term>empty();
                    }
                    Row r = rs.iterator().next();
                    return r.getBoolean(3) ? Optional.of(toTerm(r)) : Optional.<Term>empty();
                });
    }

    private static Term toTerm(Row r) {
        return new Term(r.getLong(0), r.getString(1), r.getLocalDateTime(2).toInstant(ZoneOffset.UTC));
    }

    /**
     * Deletes the rows of workers that left or expired longer ago than {@code retention}, at most
     * 1000 per call (the periodic round calls it again). Such a worker owns nothing: the round that
     * ended its entitlement freed its partitions.
     */
    public Uni<Integer> forgetDeparted(Duration retention) {
        return pool.preparedQuery("DELETE FROM workers WHERE live = FALSE"
                        + " AND last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? SECOND LIMIT 1000")
                .execute(Tuple.of(retention.toSeconds()))
                .map(rs -> rs.rowCount());
    }

    /** Every domain with workers, queues or owned partitions. */
    public Uni<List<String>> domains() {
        return pool.query("SELECT domain FROM workers WHERE live UNION SELECT domain FROM queues"
                        + " UNION SELECT domain FROM partitions WHERE owner IS NOT NULL")
                .execute()
                .map(rs -> {
                    List<String> domains = new ArrayList<>(rs.size());
                    rs.forEach(r -> domains.add(r.getString(0)));
                    return domains;
                })
                .invoke(partitions::retainOnly);
    }

    /** Domains with a live worker whose lease is over by the database clock. */
    public Uni<List<String>> domainsWithExpiredLeases(Duration lease) {
        return pool.preparedQuery("SELECT DISTINCT domain FROM workers"
                        + " WHERE live AND last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND")
                .execute(Tuple.of(micros(lease)))
                .map(rs -> {
                    List<String> domains = new ArrayList<>(rs.size());
                    rs.forEach(r -> domains.add(r.getString(0)));
                    return domains;
                });
    }

    /**
     * One round for one domain, in one transaction on the coordinator's connection: check the term
     * under a row lock, read the domain (its partitions from the term's copy once read, see {@link
     * PartitionCache}), decide, write. Fails with {@link DeposedException} (and writes nothing) when
     * the term moved on.
     */
    public Uni<RoundPlan> round(
            SqlConnection c,
            String lockName,
            long term,
            String domain,
            Duration lease,
            Function<DomainState, RoundPlan> decide) {
        long[] marks = new long[6];
        marks[0] = System.nanoTime();
        return c.begin()
                .flatMap(tx -> checkTerm(c, lockName, term)
                        .flatMap(ignored -> load(c, domain, lease, term))
                        // Deciding (and copying what was read) is CPU work proportional to the domain's
                        // partitions: keep it off the event loop.
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .flatMap(loaded -> {
                            DomainState state = loaded.state();
                            if (loaded.partitionsRead()) {
                                partitions.loaded(domain, term, loaded.at(), state.partitions());
                            }
                            marks[1] = System.nanoTime();
                            RoundPlan plan = decide.apply(state);
                            marks[2] = System.nanoTime();
                            // Partition rows first: only rounds of this term can write them and no
                            // heartbeat touches them, so the workers are locked only for the short rest
                            // of the round.
                            return writePartitions(c, plan, term)
                                    .invoke(() -> marks[3] = System.nanoTime())
                                    .flatMap(ignored -> moveWorkers(c, state, plan, lease))
                                    .invoke(() -> marks[4] = System.nanoTime())
                                    .flatMap(ignored -> appendChanges(c, plan))
                                    .replaceWith(plan);
                        })
                        .call(tx::commit)
                        .invoke(plan -> {
                            partitions.committed(domain, term, plan.partitions());
                            marks[5] = System.nanoTime();
                            logPhases(plan, marks);
                        })
                        .onFailure()
                        .invoke(failure -> partitions.forget(domain))
                        .onFailure()
                        .call(failure -> tx.rollback().onFailure().recoverWithNull()));
    }

    private static Uni<Void> checkTerm(SqlConnection c, String lockName, long term) {
        return c.preparedQuery("SELECT term FROM coordinator_term WHERE name = ? FOR UPDATE")
                .execute(Tuple.of(lockName))
                .flatMap(rs -> {
                    long current = rs.size() == 0 ? -1 : rs.iterator().next().getLong(0);
                    return current == term
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new DeposedException(term, current));
                });
    }

    /** What a round read, {@code at} the given time; the partitions from the database or the term's copy. */
    private record Loaded(DomainState state, boolean partitionsRead, long at) {}

    private Uni<Loaded> load(SqlConnection c, String domain, Duration lease, long term) {
        // Not locked: heartbeats of the domain must not wait for a whole round (reading and deciding
        // over every partition). The workers the plan depends on are locked and checked before writing.
        Uni<List<WorkerRow>> workers = c.preparedQuery("SELECT worker_id, queues, live, version, acked_version,"
                        + " last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " FROM workers WHERE domain = ? AND live")
                .execute(Tuple.of(micros(lease), domain))
                .map(rs -> {
                    List<WorkerRow> rows = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        Set<String> queues = new HashSet<>(Names.split(r.getString(1)));
                        rows.add(new WorkerRow(
                                r.getString(0), queues, r.getBoolean(2), r.getBoolean(5), r.getLong(3), r.getLong(4)));
                    }
                    return rows;
                });
        Uni<List<QueueSpec>> queues = c.preparedQuery("SELECT queue, partitions FROM queues WHERE domain = ?")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    List<QueueSpec> specs = new ArrayList<>(rs.size());
                    rs.forEach(r -> specs.add(new QueueSpec(r.getString(0), r.getInteger(1))));
                    return specs;
                });
        long now = System.nanoTime();
        List<PartitionRow> copy = this.partitions.rows(domain, term, now);
        Uni<List<PartitionRow>> partitions = copy != null ? Uni.createFrom().item(copy) : readPartitions(c, domain);
        // Sequential on purpose: one connection, and the lock order (partitions, then workers) must be fixed.
        return workers.flatMap(w -> queues.flatMap(
                q -> partitions.map(p -> new Loaded(new DomainState(domain, q, w, p), copy == null, now))));
    }

    private static Uni<List<PartitionRow>> readPartitions(SqlConnection c, String domain) {
        return c.preparedQuery("SELECT queue, partition_no, owner, state, epoch,"
                        + " release_version FROM partitions WHERE domain = ? FOR UPDATE")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    List<PartitionRow> rows = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        rows.add(new PartitionRow(
                                r.getString(0),
                                r.getInteger(1),
                                r.getString(2),
                                PartitionState.valueOf(r.getString(3)),
                                r.getLong(4),
                                r.getLong(5)));
                    }
                    return rows;
                });
    }

    /**
     * Gives the workers the plan moves their new versions (and ends the leases it expires), each only
     * if it is as the round read it: still live at the same version, and still expired if the round
     * expires it. Up to {@link #CHUNK} workers a statement, in primary-key order (the order heartbeat
     * batches lock in); the check and the write are one statement, and a statement that changes fewer
     * rows than it names means a heartbeat or a leave overtook the round, which then rolls back.
     * Workers the plan does not move need no check: for them the plan only keeps partitions or frees
     * those whose release they confirmed, which a later leave, expiry or acknowledgement cannot make
     * unsafe.
     */
    private static Uni<Void> moveWorkers(SqlConnection c, DomainState state, RoundPlan plan, Duration lease) {
        Map<String, WorkerRow> read = new HashMap<>();
        for (WorkerRow w : state.workers()) {
            read.put(w.id(), w);
        }
        List<WorkerChange> moved = plan.workers().stream()
                .sorted(Comparator.comparing(WorkerChange::id))
                .toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < moved.size(); from += CHUNK) {
            List<WorkerChange> chunk = moved.subList(from, Math.min(moved.size(), from + CHUNK));
            String sql = moveStatement(plan.domain(), chunk, read, lease);
            chain = chain.flatMap(ignored -> c.query(sql)
                    .execute()
                    .flatMap(rs -> rs.rowCount() == chunk.size()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom()
                                    .failure(new StaleRoundException(
                                            plan.domain(),
                                            (chunk.size() - rs.rowCount()) + " of " + chunk.size() + " workers"))));
        }
        return chain;
    }

    /** One chunk's versions as a text statement (see {@link SqlText}): ids are checked, versions numbers. */
    private static String moveStatement(
            String domain, List<WorkerChange> chunk, Map<String, WorkerRow> read, Duration lease) {
        List<String> ids = chunk.stream().map(WorkerChange::id).toList();
        List<String> expired = chunk.stream()
                .filter(WorkerChange::expired)
                .map(WorkerChange::id)
                .toList();
        StringBuilder sql =
                new StringBuilder(100 * chunk.size() + 256).append("UPDATE workers SET version = version + 1");
        if (!expired.isEmpty()) {
            SqlText.workerIds(sql.append(", live = worker_id NOT IN ("), expired)
                    .append(')');
        }
        SqlText.name(sql.append(" WHERE domain = "), domain).append(" AND worker_id IN (");
        // The plain IN list gives the optimiser the primary-key lookups; the row IN list is the check.
        SqlText.workerIds(sql, ids).append(") AND live AND (worker_id, version) IN (");
        for (int i = 0; i < chunk.size(); i++) {
            WorkerChange w = chunk.get(i);
            WorkerRow before = read.get(w.id());
            if (before == null || w.newVersion() != before.version() + 1) {
                throw new IllegalStateException("worker " + w.id() + " is moved to version " + w.newVersion() + " from "
                        + (before == null ? "nothing" : before.version()));
            }
            SqlText.workerId(sql.append(i == 0 ? "(" : ", ("), w.id())
                    .append(", ")
                    .append(before.version())
                    .append(')');
        }
        sql.append(')');
        if (!expired.isEmpty()) {
            SqlText.workerIds(sql.append(" AND (worker_id NOT IN ("), expired)
                    .append(") OR last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ")
                    .append(micros(lease))
                    .append(" MICROSECOND)");
        }
        return sql.append(" ORDER BY worker_id").toString();
    }

    /** One change-feed entry per worker whose snapshot changed. */
    private static Uni<Void> appendChanges(SqlConnection c, RoundPlan plan) {
        if (plan.workers().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Change> changes = new ArrayList<>(plan.workers().size());
        for (WorkerChange w : plan.workers()) {
            changes.add(Change.snapshot(plan.domain(), w.id(), w.newVersion()));
        }
        return ChangeFeed.append(c, changes);
    }

    private static void logPhases(RoundPlan plan, long[] marks) {
        if (LOG.isDebugEnabled() && !plan.isEmpty()) {
            LOG.debugf(
                    "round of domain %s: read %d ms, decide %d ms, %d partition rows %d ms, %d workers %d ms,"
                            + " feed and commit %d ms",
                    plan.domain(),
                    (marks[1] - marks[0]) / 1_000_000,
                    (marks[2] - marks[1]) / 1_000_000,
                    plan.partitions().size(),
                    (marks[3] - marks[2]) / 1_000_000,
                    plan.workers().size(),
                    (marks[4] - marks[3]) / 1_000_000,
                    (marks[5] - marks[4]) / 1_000_000);
        }
    }

    private static Uni<Void> writePartitions(SqlConnection c, RoundPlan plan, long term) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<PartitionRow> rows = plan.partitions();
        for (int from = 0; from < rows.size(); from += ROWS_PER_UPSERT) {
            List<PartitionRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_UPSERT));
            chain = chain.flatMap(ignored -> upsert(c, plan.domain(), chunk, term));
        }
        return chain;
    }

    /**
     * Up to {@link #ROWS_PER_UPSERT} partition rows in one upsert, sent as text (see {@link SqlText}): a cold
     * start writes 100 000 rows in one round, and 8 binary parameters a row made that the longest part
     * of it.
     */
    private static Uni<Void> upsert(SqlConnection c, String domain, List<PartitionRow> rows, long term) {
        StringBuilder sql = new StringBuilder(64 * rows.size() + 256)
                .append("INSERT INTO partitions (domain, queue, partition_no, owner, state,"
                        + " epoch, release_version, term) VALUES ");
        StringBuilder quotedDomain = SqlText.name(new StringBuilder(), domain);
        for (int i = 0; i < rows.size(); i++) {
            PartitionRow r = rows.get(i);
            sql.append(i == 0 ? "(" : ", (").append(quotedDomain).append(", ");
            SqlText.name(sql, r.queue()).append(", ").append(r.partition()).append(", ");
            SqlText.workerIdOrNull(sql, r.owner()).append(", ");
            SqlText.constant(sql, r.state())
                    .append(", ")
                    .append(r.epoch())
                    .append(", ")
                    .append(r.releaseVersion())
                    .append(", ")
                    .append(term)
                    .append(')');
        }
        sql.append(" ON DUPLICATE KEY UPDATE owner = VALUES(owner), state = VALUES(state), epoch = VALUES(epoch),"
                + " release_version = VALUES(release_version), term = VALUES(term)");
        return c.query(sql.toString()).execute().replaceWithVoid();
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
