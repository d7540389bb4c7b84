package io.goxhelix.store;

import io.goxhelix.access.Authorization;
import io.goxhelix.access.Principal;
import io.goxhelix.coordination.Drain;
import io.goxhelix.coordination.WorkerMode;
import io.goxhelix.coordination.WorkerProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Worker membership: heartbeats, leaves, the live list and snapshots. Methods that take a {@code
 * caller} (null when authentication is off) refuse, with {@link ForeignWorkerException} and no
 * change, a worker id that another principal registered; they decide it on the rows they read
 * anyway.
 */
@ApplicationScoped
public class WorkerStore {

    private final Pool pool;
    private final HeartbeatBatcher batcher;

    WorkerStore(Pool pool, HeartbeatBatcher batcher) {
        this.pool = pool;
        this.batcher = batcher;
    }

    /**
     * Records a heartbeat (group-committed with concurrent ones) and returns the worker's assignment
     * version; see {@link io.goxhelix.coordination.Membership} for what a heartbeat does.
     */
    public Uni<Long> heartbeat(
            String domain,
            String workerId,
            Set<String> queues,
            WorkerProfile profile,
            long ackedVersion,
            Principal caller,
            String appVersion,
            java.util.Map<String, java.util.Map<Integer, Double>> loads) {
        return batcher.submit(
                domain,
                workerId,
                QueueListColumn.join(queues),
                ProfileColumn.join(profile),
                ackedVersion,
                caller,
                new HeartbeatBatcher.Reported(appVersion, LoadColumn.join(loads)));
    }

    /**
     * Graceful leave: ends the worker's entitlement at once. Idempotent. With a positive {@code
     * restartGrace} the worker is leaving to restart: its partitions are kept for it that long (see
     * {@link io.goxhelix.coordination.Rebalance}). {@code audit}, when given, is appended in the same
     * transaction (an operator's leave of a worker).
     */
    public Uni<Void> leave(String domain, String workerId, Duration restartGrace, Principal caller, AuditEvent audit) {
        long graceMicros = restartGrace.toNanos() / 1000;
        return Retry.onLockConflict(() -> pool.withTransaction(tx -> requireOwner(tx, domain, workerId, caller, true)
                .flatMap(ignored -> audit == null ? Uni.createFrom().voidItem() : AuditStore.append(tx, audit))
                .flatMap(ignored -> tx.preparedQuery("UPDATE workers SET live = FALSE, version = version + 1,"
                                + " drain = NULL, drain_since = NULL,"
                                + " restart_until = IF(? > 0, UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, NULL)"
                                + " WHERE domain = ? AND worker_id = ? AND live")
                        .execute(Tuple.of(graceMicros, graceMicros, domain, workerId))
                        .flatMap(rs -> {
                            if (rs.rowCount() == 0) {
                                return Uni.createFrom().voidItem();
                            }
                            return tx.preparedQuery("SELECT version FROM workers WHERE domain = ? AND worker_id = ?")
                                    .execute(Tuple.of(domain, workerId))
                                    .flatMap(v -> ChangeFeed.append(
                                            tx,
                                            List.of(Change.signal(
                                                    domain,
                                                    workerId,
                                                    v.iterator().next().getLong(0)))));
                        }))));
    }

    /**
     * Fails with {@link ForeignWorkerException} if {@code caller} may not act on the worker id: one
     * read of its row, for the requests that do not read it anyway (opening a stream).
     */
    public Uni<Void> requireOwner(String domain, String workerId, Principal caller) {
        return requireOwner(pool, domain, workerId, caller, false);
    }

    private static Uni<Void> requireOwner(
            SqlClient client, String domain, String workerId, Principal caller, boolean lock) {
        if (caller == null || caller.isOperator()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("SELECT registered_by FROM workers WHERE domain = ? AND worker_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(domain, workerId))
                .flatMap(rs -> {
                    String owner = rs.size() == 0 ? null : rs.iterator().next().getString(0);
                    return Authorization.mayActOnWorker(caller, owner)
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ForeignWorkerException(workerId));
                });
    }

    /** Workers whose lease runs, sorted by id. */
    public Uni<List<WorkerView>> live(String domain, Duration leaseTimeout) {
        return pool.preparedQuery("SELECT w.worker_id, w.queues, w.acked_version, w.version, w.last_heartbeat,"
                        + " (SELECT COUNT(*) FROM partitions p WHERE p.domain = w.domain AND p.owner = w.worker_id"
                        + " AND p.state = 'ASSIGNED') AS owned, w.cordoned, w.drain, w.app_version, w.profile,"
                        + " w.loads FROM workers w WHERE w.domain = ? AND w.live"
                        + " AND w.last_heartbeat >= UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " ORDER BY w.worker_id")
                .execute(Tuple.of(domain, leaseTimeout.toNanos() / 1000))
                .map(rs -> {
                    List<WorkerView> views = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        LocalDateTime at = r.getLocalDateTime(4);
                        WorkerProfile profile = ProfileColumn.split(r.getString(9));
                        views.add(new WorkerView(
                                r.getString(0),
                                QueueListColumn.split(r.getString(1)),
                                r.getLong(2),
                                r.getLong(3),
                                r.getInteger(5),
                                at.toInstant(ZoneOffset.UTC),
                                WorkerMode.of(r.getBoolean(6), Drain.ofColumn(r.getString(7))),
                                r.getString(8),
                                profile.weight(),
                                profile.bounded() ? profile.maxPartitions() : null,
                                profile.labels(),
                                r.getString(10) == null
                                        ? null
                                        : LoadColumn.split(r.getString(10)).total()));
                    }
                    return views;
                });
    }

    /**
     * The current snapshots of several workers of one domain, read in one transaction as {@link
     * #snapshot} reads one: three statements for the lot instead of four per worker, which is what lets
     * one change reach thousands of streams quickly. Workers that never registered are left out.
     */
    public Uni<Map<String, Snapshot>> snapshots(String domain, List<String> workerIds) {
        if (workerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // As text (see SqlText): one change can make 20 such reads of 500 ids, 500 binary parameters each.
        // Built inside the Uni, so that a value SqlText refuses fails the read rather than the caller.
        return Uni.createFrom()
                .item(() -> {
                    StringBuilder select =
                            new StringBuilder("SELECT worker_id, version, live FROM workers WHERE domain = ");
                    SqlText.name(select, domain).append(" AND worker_id IN (");
                    return SqlText.workerIds(select, workerIds).append(')').toString();
                })
                .flatMap(select ->
                        pool.withTransaction(tx -> tx.query(select).execute().flatMap(rs -> {
                            Map<String, long[]> versions = new HashMap<>();
                            List<String> live = new ArrayList<>();
                            for (Row w : rs) {
                                versions.put(w.getString(0), new long[] {w.getLong(1)});
                                if (w.getBoolean(2)) {
                                    live.add(w.getString(0));
                                }
                            }
                            return owned(tx, domain, live).map(owned -> toSnapshots(domain, versions, owned));
                        })));
    }

    /** The partitions each of the {@code live} workers is assigned, in (queue, partition) order. */
    private static Uni<Map<String, List<Snapshot.Owned>>> owned(SqlConnection tx, String domain, List<String> live) {
        Map<String, List<Snapshot.Owned>> owned = new HashMap<>();
        if (live.isEmpty()) {
            return Uni.createFrom().item(owned);
        }
        StringBuilder byOwner =
                new StringBuilder("SELECT owner, queue, partition_no, epoch FROM partitions WHERE domain = ");
        SqlText.name(byOwner, domain).append(" AND owner IN (");
        SqlText.workerIds(byOwner, live).append(") AND state = 'ASSIGNED' ORDER BY owner, queue, partition_no");
        return tx.query(byOwner.toString()).execute().map(parts -> {
            for (Row p : parts) {
                owned.computeIfAbsent(p.getString(0), k -> new ArrayList<>())
                        .add(new Snapshot.Owned(p.getString(1), p.getInteger(2), p.getLong(3)));
            }
            return owned;
        });
    }

    private static Map<String, Snapshot> toSnapshots(
            String domain, Map<String, long[]> versions, Map<String, List<Snapshot.Owned>> owned) {
        Map<String, Snapshot> snapshots = new HashMap<>();
        versions.forEach((id, version) ->
                snapshots.put(id, new Snapshot(domain, id, version[0], owned.getOrDefault(id, List.of()))));
        return snapshots;
    }

    /**
     * The worker's current snapshot, read in one transaction so that version and partitions agree. A
     * worker that never registered has version 0; one that left or expired has an empty snapshot.
     */
    public Uni<Snapshot> snapshot(String domain, String workerId) {
        return snapshot(domain, workerId, null);
    }

    /** As {@link #snapshot(String, String)}, for a caller that must own the worker id. */
    public Uni<Snapshot> snapshot(String domain, String workerId, Principal caller) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT version, live, registered_by FROM workers WHERE domain = ? AND worker_id = ?")
                .execute(Tuple.of(domain, workerId))
                .flatMap(rs -> {
                    if (rs.size() == 0) {
                        return Uni.createFrom().item(new Snapshot(domain, workerId, 0, List.of()));
                    }
                    Row w = rs.iterator().next();
                    if (caller != null && !Authorization.mayActOnWorker(caller, w.getString(2))) {
                        return Uni.createFrom().failure(new ForeignWorkerException(workerId));
                    }
                    long version = w.getLong(0);
                    if (!w.getBoolean(1)) {
                        return Uni.createFrom().item(new Snapshot(domain, workerId, version, List.of()));
                    }
                    return tx.preparedQuery("SELECT queue, partition_no, epoch FROM partitions"
                                    + " WHERE domain = ? AND owner = ? AND state = 'ASSIGNED'"
                                    + " ORDER BY queue, partition_no")
                            .execute(Tuple.of(domain, workerId))
                            .map(parts -> {
                                List<Snapshot.Owned> owned = new ArrayList<>(parts.size());
                                for (Row p : parts) {
                                    owned.add(new Snapshot.Owned(p.getString(0), p.getInteger(1), p.getLong(2)));
                                }
                                return new Snapshot(domain, workerId, version, owned);
                            });
                }));
    }
}
