package io.goxhelix.store;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.DeposedException;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.Drain;
import io.goxhelix.coordination.DrainChange;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.coordination.WorkerRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mysqlclient.MySQLException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The round transaction of the acting coordinator, on its election session: {@link #load} begins it,
 * checks the term under a row lock and reads the domain; {@link #apply} writes a plan; {@link
 * #commit} or {@link #rollback} ends it. Deciding happens in between, outside the store.
 */
@ApplicationScoped
public class RoundStore {

    private static final int LOCK_WAIT_TIMEOUT = 1205;

    /**
     * Begins the round of {@code domain} under {@code term}: fails with {@link DeposedException}
     * (having written nothing, and with the transaction rolled back) when the term moved on.
     *
     * @param known the domain's partition rows as the term last committed them, or null to read (and
     *     lock) them from the database
     * @param cooldown in load mode, how far back moves count as recent ({@code gox.balancing.cooldown})
     */
    public Uni<OpenRound> load(
            LockSession session,
            String termName,
            long term,
            String domain,
            Duration lease,
            List<PartitionRow> known,
            Duration cooldown) {
        SqlConnection c = session.connection();
        return c.begin()
                .flatMap(tx -> checkTerm(c, termName, term)
                        .flatMap(ignored -> read(c, domain, lease, known, cooldown))
                        .map(state -> new OpenRound(state, known == null, term, c, tx))
                        .onFailure()
                        .call(failure -> quietly(tx)))
                .onFailure(RoundStore::isLockWait)
                .transform(failure -> new RoundLockWaitException(domain, failure));
    }

    /**
     * Writes the plan: partition rows first (only rounds of this term write them and no heartbeat
     * touches them, so the workers are locked only for the short rest of the round), then the workers'
     * new versions, checked (see {@link RoundStatements#moveWorkers}), then the change feed and the
     * ledger's entries, so that the ledger holds a move exactly when the move committed.
     */
    public Uni<Void> apply(OpenRound round, RoundPlan plan, Duration lease) {
        SqlConnection c = round.connection;
        return executeAll(c, RoundStatements.upsertPartitions(plan, round.term()))
                .flatMap(ignored -> moveWorkers(c, round.state(), plan, lease))
                .flatMap(ignored -> moveDrainsOn(c, plan))
                .flatMap(ignored -> appendChanges(c, plan))
                .flatMap(ignored -> executeAll(c, RoundStatements.insertMoves(plan, round.term())))
                .onFailure(RoundStore::isLockWait)
                .transform(failure -> new RoundLockWaitException(plan.domain(), failure));
    }

    /**
     * InnoDB's lock wait timeout (error 1205): the statement was rolled back, the transaction is still
     * open and ends with the round's rollback.
     */
    private static boolean isLockWait(Throwable t) {
        return t instanceof MySQLException e && e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }

    public Uni<Void> commit(OpenRound round) {
        return round.tx.commit();
    }

    /** Ends the round without writing; never fails (a lost session has rolled back by itself). */
    public Uni<Void> rollback(OpenRound round) {
        return quietly(round.tx);
    }

    private static Uni<Void> quietly(Transaction tx) {
        return tx.rollback().onFailure().recoverWithNull();
    }

    private static Uni<Void> checkTerm(SqlConnection c, String termName, long term) {
        return c.preparedQuery("SELECT term FROM coordinator_term WHERE name = ? FOR UPDATE")
                .execute(Tuple.of(termName))
                .flatMap(rs -> {
                    long current = rs.size() == 0 ? -1 : rs.iterator().next().getLong(0);
                    return current == term
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new DeposedException(term, current));
                });
    }

    /**
     * Workers and queues are not locked: heartbeats of the domain must not wait for a whole round. The
     * workers the plan depends on are checked as they are written. Sequential on purpose: one
     * connection, and the lock order (partitions, then workers) must be fixed.
     */
    private static Uni<DomainState> read(
            SqlConnection c, String domain, Duration lease, List<PartitionRow> known, Duration cooldown) {
        Uni<List<PartitionRow>> partitions =
                known != null ? Uni.createFrom().item(known) : readPartitions(c, domain, true);
        return readWorkers(c, domain, lease)
                .flatMap(workers -> readQueues(c, domain)
                        .flatMap(queues -> readFrozen(c, domain)
                                .flatMap(frozen -> BalancingStore.forRound(c, domain, cooldown)
                                        .flatMap(balancing -> partitions.map(rows ->
                                                new DomainState(domain, queues, workers, rows, frozen, balancing))))));
    }

    /**
     * The domain as a round would read it, without locks and outside any round: what the stoppable
     * check judges.
     */
    public static Uni<DomainState> peek(SqlClient c, String domain, Duration lease) {
        return readWorkers(c, domain, lease)
                .flatMap(workers -> readQueues(c, domain)
                        .flatMap(queues -> readFrozen(c, domain)
                                .flatMap(frozen -> readPartitions(c, domain, false)
                                        .map(rows -> new DomainState(domain, queues, workers, rows, frozen)))));
    }

    static Uni<Boolean> readFrozen(SqlClient c, String domain) {
        return c.preparedQuery("SELECT 1 FROM domain_freezes WHERE domain = ? AND frozen_until > UTC_TIMESTAMP(3)")
                .execute(Tuple.of(domain))
                .map(rs -> rs.size() > 0);
    }

    private static Uni<List<WorkerRow>> readWorkers(SqlClient c, String domain, Duration lease) {
        // Besides the live workers, those within their restart grace, whose partitions are held for them;
        // in the order their drains were asked for (NULL, no drain, sorts first and does not matter).
        return c.preparedQuery("SELECT worker_id, queues, live, version, acked_version,"
                        + " last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND,"
                        + " cordoned, drain, app_version, profile"
                        + " FROM workers WHERE domain = ? AND (live OR restart_until > UTC_TIMESTAMP(3))"
                        + " ORDER BY drain_since, worker_id")
                .execute(Tuple.of(micros(lease), domain))
                .map(rs -> {
                    List<WorkerRow> rows = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        Set<String> queues = new HashSet<>(QueueListColumn.split(r.getString(1)));
                        boolean live = r.getBoolean(2);
                        rows.add(new WorkerRow(
                                r.getString(0),
                                queues,
                                live,
                                live && r.getBoolean(5),
                                r.getLong(3),
                                r.getLong(4),
                                !live,
                                r.getBoolean(6),
                                Drain.ofColumn(r.getString(7)),
                                r.getString(8),
                                ProfileColumn.split(r.getString(9))));
                    }
                    return rows;
                });
    }

    private static Uni<List<QueueSpec>> readQueues(SqlClient c, String domain) {
        return c.preparedQuery("SELECT queue, partitions, priority, placement FROM queues WHERE domain = ?")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    List<QueueSpec> specs = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        QueueRules rules = QueueRules.of(r.getInteger(2), r.getString(3));
                        specs.add(new QueueSpec(
                                r.getString(0),
                                r.getInteger(1),
                                rules.priority(),
                                rules.requiredLabels(),
                                rules.spreadBy(),
                                rules.pins()));
                    }
                    return specs;
                });
    }

    private static Uni<List<PartitionRow>> readPartitions(SqlClient c, String domain, boolean lock) {
        return c.preparedQuery("SELECT queue, partition_no, owner, state, epoch,"
                        + " release_version FROM partitions WHERE domain = ?" + (lock ? " FOR UPDATE" : ""))
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
     * A statement that changes fewer workers than it names means a heartbeat or a leave overtook the
     * round, which then rolls back and runs again.
     */
    private static Uni<Void> moveWorkers(SqlConnection c, DomainState state, RoundPlan plan, Duration lease) {
        List<RoundStatements.Checked> statements = RoundStatements.moveWorkers(state, plan, micros(lease));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RoundStatements.Checked s : statements) {
            chain = chain.flatMap(ignored -> c.query(s.sql())
                    .execute()
                    .flatMap(rs -> rs.rowCount() == s.rows()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom()
                                    .failure(new StaleRoundException(
                                            plan.domain(),
                                            (s.rows() - rs.rowCount()) + " of " + s.rows() + " workers"))));
        }
        return chain;
    }

    /**
     * Drains the round moved on, each only if it is still as the round read it: a drain cancelled or a
     * worker registered afresh meanwhile keeps what it now has, and the next round sees it.
     */
    private static Uni<Void> moveDrainsOn(SqlConnection c, RoundPlan plan) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DrainChange d : plan.drains()) {
            chain = chain.flatMap(ignored -> c.preparedQuery(
                            "UPDATE workers SET drain = ? WHERE domain = ? AND worker_id = ? AND drain = ?")
                    .execute(Tuple.of(
                            d.to().column(), plan.domain(), d.id(), d.from().column()))
                    .replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> executeAll(SqlConnection c, List<String> statements) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String sql : statements) {
            chain = chain.flatMap(ignored -> c.query(sql).execute().replaceWithVoid());
        }
        return chain;
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

    static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
