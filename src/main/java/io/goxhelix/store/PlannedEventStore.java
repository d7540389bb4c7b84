package io.goxhelix.store;

import io.goxhelix.access.Authorization;
import io.goxhelix.access.Principal;
import io.goxhelix.coordination.Drain;
import io.goxhelix.coordination.Stoppable;
import io.goxhelix.coordination.WorkerMode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Planned events as stored: a worker's drain and cordon, a domain's freeze. Each change is one
 * conditional update plus a signal on the change feed, so that the coordinator's next round acts on
 * it; the round itself moves drains on (see {@link io.goxhelix.coordination.Rebalance}). A change that
 * finds the worker not live fails with {@link NoLiveWorkerException} and writes nothing.
 */
@ApplicationScoped
public class PlannedEventStore {

    /** A worker's standing: its state and the partitions it is still entitled to (assigned or releasing). */
    public record Standing(String workerId, WorkerMode state, int partitions, String appVersion) {}

    /** A domain's freeze; {@code until} null when it is not frozen. */
    public record Freeze(String domain, boolean frozen, Instant until) {}

    private final Pool pool;

    PlannedEventStore(Pool pool) {
        this.pool = pool;
    }

    /** Asks for the worker's drain (idempotent: an earlier drain keeps its place in the queue). */
    public Uni<Standing> drain(String domain, String workerId, Principal caller, AuditEvent audit) {
        return change(
                domain, workerId, caller, audit, "drain = 'QUEUED', drain_since = UTC_TIMESTAMP(3)", "drain IS NULL");
    }

    /** Cancels the worker's drain; what it already handed off stays where it went. */
    public Uni<Standing> cancelDrain(String domain, String workerId, Principal caller, AuditEvent audit) {
        return change(domain, workerId, caller, audit, "drain = NULL, drain_since = NULL", "drain IS NOT NULL");
    }

    public Uni<Standing> cordon(String domain, String workerId, boolean on, AuditEvent audit) {
        return change(
                domain,
                workerId,
                null,
                audit,
                "cordoned = " + (on ? "TRUE" : "FALSE"),
                "cordoned = " + (on ? "FALSE" : "TRUE"));
    }

    public Uni<Optional<Standing>> standing(String domain, String workerId) {
        return standing(pool, domain, workerId);
    }

    /** Whether stopping the worker now would cost a handoff or a queue's last worker (see {@link Stoppable}). */
    public Uni<Stoppable.Verdict> stoppable(String domain, String workerId, Duration lease, int maxConcurrentDrains) {
        return pool.withTransaction(c ->
                RoundStore.peek(c, domain, lease).map(state -> Stoppable.assess(state, workerId, maxConcurrentDrains)));
    }

    /** Freezes the domain until {@code length} from now (database clock), replacing an earlier freeze. */
    public Uni<Freeze> freeze(String domain, Duration length, AuditEvent audit) {
        return pool.withTransaction(tx -> signalled(
                        tx,
                        domain,
                        audit,
                        "INSERT INTO domain_freezes (domain, frozen_until, frozen_by)"
                                + " VALUES (?, UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, ?)"
                                + " ON DUPLICATE KEY UPDATE frozen_until = VALUES(frozen_until),"
                                + " frozen_by = VALUES(frozen_by)",
                        Tuple.of(domain, RoundStore.micros(length), audit.principal()))
                .flatMap(ignored -> freeze(tx, domain)));
    }

    /** Ends the domain's freeze now; balance resumes in the next round. */
    public Uni<Void> thaw(String domain, AuditEvent audit) {
        return pool.withTransaction(
                tx -> signalled(tx, domain, audit, "DELETE FROM domain_freezes WHERE domain = ?", Tuple.of(domain)));
    }

    public Uni<Freeze> freeze(String domain) {
        return freeze(pool, domain);
    }

    private static Uni<Freeze> freeze(SqlClient c, String domain) {
        return c.preparedQuery("SELECT frozen_until FROM domain_freezes WHERE domain = ?"
                        + " AND frozen_until > UTC_TIMESTAMP(3)")
                .execute(Tuple.of(domain))
                .map(rs -> rs.size() == 0
                        ? new Freeze(domain, false, null)
                        : new Freeze(
                                domain,
                                true,
                                rs.iterator().next().getLocalDateTime(0).toInstant(ZoneOffset.UTC)));
    }

    /** The audit entry, the domain's freeze written, and a signal for the next round to see it. */
    private static Uni<Void> signalled(SqlConnection tx, String domain, AuditEvent audit, String write, Tuple args) {
        return AuditStore.append(tx, audit)
                .flatMap(ignored -> tx.preparedQuery(write).execute(args))
                .flatMap(ignored -> ChangeFeed.append(tx, List.of(Change.signal(domain))));
    }

    /**
     * Sets {@code set} on the live worker's row where {@code pending} holds, that is while the change is
     * not made yet: only a row that changed is signalled, so that asking twice is one change.
     */
    private Uni<Standing> change(
            String domain, String workerId, Principal caller, AuditEvent audit, String set, String pending) {
        String update = "UPDATE workers SET " + set + " WHERE domain = ? AND worker_id = ? AND live AND " + pending;
        return Retry.onLockConflict(() -> pool.withTransaction(tx -> requireOwner(tx, domain, workerId, caller)
                .flatMap(ignored -> audit == null ? Uni.createFrom().voidItem() : AuditStore.append(tx, audit))
                .flatMap(ignored -> tx.preparedQuery(update).execute(Tuple.of(domain, workerId)))
                .flatMap(rs -> rs.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : ChangeFeed.append(tx, List.of(Change.signal(domain, workerId, 0))))
                .flatMap(ignored -> standing(tx, domain, workerId))
                .flatMap(s -> s.isPresent()
                        ? Uni.createFrom().item(s.get())
                        : Uni.createFrom().failure(new NoLiveWorkerException(domain, workerId)))));
    }

    private static Uni<Void> requireOwner(SqlConnection tx, String domain, String workerId, Principal caller) {
        return tx.preparedQuery("SELECT registered_by FROM workers WHERE domain = ? AND worker_id = ? FOR UPDATE")
                .execute(Tuple.of(domain, workerId))
                .flatMap(rs -> {
                    String owner = rs.size() == 0 ? null : rs.iterator().next().getString(0);
                    return caller == null || Authorization.mayActOnWorker(caller, owner)
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ForeignWorkerException(workerId));
                });
    }

    /** The live worker's standing; empty if it is not live. */
    private static Uni<Optional<Standing>> standing(SqlClient c, String domain, String workerId) {
        return c.preparedQuery("SELECT w.cordoned, w.drain, w.app_version,"
                        + " (SELECT COUNT(*) FROM partitions p WHERE p.domain = w.domain AND p.owner = w.worker_id"
                        + " AND p.state IN ('ASSIGNED', 'RELEASING'))"
                        + " FROM workers w WHERE w.domain = ? AND w.worker_id = ? AND w.live")
                .execute(Tuple.of(domain, workerId))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rs.iterator().next();
                    return Optional.of(new Standing(
                            workerId,
                            WorkerMode.of(r.getBoolean(0), Drain.ofColumn(r.getString(1))),
                            r.getInteger(3),
                            r.getString(2)));
                });
    }
}
