package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Worker membership: heartbeats, leaves, the live list and snapshots. */
@ApplicationScoped
public class WorkerStore {

    private final Pool pool;

    WorkerStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records a heartbeat and returns the worker's assignment version. Registers the worker on its
     * first heartbeat, and afresh (new version) after it left or expired. Signals the coordinator when
     * it has something to act on: a join, a new queue set, or a newer acknowledgement.
     */
    public Uni<Long> heartbeat(String domain, String workerId, Set<String> queues, long ackedVersion) {
        String joined = Names.join(queues);
        return Retry.onLockConflict(() ->
                pool.withTransaction(tx -> tx.preparedQuery("SELECT live, version, acked_version, queues FROM workers"
                                + " WHERE domain = ? AND worker_id = ? FOR UPDATE")
                        .execute(Tuple.of(domain, workerId))
                        .flatMap(rs -> {
                            if (rs.size() == 0) {
                                return register(tx, domain, workerId, joined, ackedVersion);
                            }
                            Row row = rs.iterator().next();
                            return renew(tx, domain, workerId, joined, ackedVersion, row);
                        })));
    }

    private Uni<Long> register(SqlConnection tx, String domain, String workerId, String queues, long acked) {
        if (acked > 0) {
            return Uni.createFrom().failure(new AckedVersionAheadException(acked, 0));
        }
        return tx.preparedQuery("INSERT INTO workers (domain, worker_id, queues, live, version, acked_version,"
                        + " last_heartbeat) VALUES (?, ?, ?, TRUE, 1, 0, UTC_TIMESTAMP(3))")
                .execute(Tuple.of(domain, workerId, queues))
                .flatMap(ignored -> ChangeFeed.append(tx, List.of(Change.signal(domain, workerId, 1))))
                .replaceWith(1L);
    }

    private Uni<Long> renew(SqlConnection tx, String domain, String workerId, String queues, long acked, Row row) {
        boolean live = row.getBoolean("live");
        long version = row.getLong("version");
        long previousAck = row.getLong("acked_version");
        if (acked > version) {
            return Uni.createFrom().failure(new AckedVersionAheadException(acked, version));
        }
        long newVersion = live ? version : version + 1;
        long newAck = live ? Math.max(previousAck, acked) : acked;
        boolean signal = !live || newAck > previousAck || !queues.equals(row.getString("queues"));
        Uni<RowSet<Row>> update = tx.preparedQuery("UPDATE workers SET queues = ?, live = TRUE, version = ?,"
                        + " acked_version = ?, last_heartbeat = UTC_TIMESTAMP(3) WHERE domain = ? AND worker_id = ?")
                .execute(Tuple.of(queues, newVersion, newAck, domain, workerId));
        if (!signal) {
            return update.replaceWith(newVersion);
        }
        Change change = live ? Change.signal(domain, workerId, 0) : Change.signal(domain, workerId, newVersion);
        return update.flatMap(ignored -> ChangeFeed.append(tx, List.of(change))).replaceWith(newVersion);
    }

    /** Graceful leave: ends the worker's entitlement at once. Idempotent. */
    public Uni<Void> leave(String domain, String workerId) {
        return Retry.onLockConflict(() ->
                pool.withTransaction(tx -> tx.preparedQuery("UPDATE workers SET live = FALSE, version = version + 1"
                                + " WHERE domain = ? AND worker_id = ? AND live")
                        .execute(Tuple.of(domain, workerId))
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
                        })));
    }

    /** Workers whose lease runs, sorted by id. */
    public Uni<List<WorkerView>> live(String domain, Duration leaseTimeout) {
        return pool.preparedQuery("SELECT w.worker_id, w.queues, w.acked_version, w.version, w.last_heartbeat,"
                        + " (SELECT COUNT(*) FROM partitions p WHERE p.domain = w.domain AND p.owner = w.worker_id"
                        + " AND p.state = 'ASSIGNED') AS owned"
                        + " FROM workers w WHERE w.domain = ? AND w.live"
                        + " AND w.last_heartbeat >= UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " ORDER BY w.worker_id")
                .execute(Tuple.of(domain, leaseTimeout.toNanos() / 1000))
                .map(rs -> {
                    List<WorkerView> views = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        LocalDateTime at = r.getLocalDateTime(4);
                        views.add(new WorkerView(
                                r.getString(0),
                                Names.split(r.getString(1)),
                                r.getLong(2),
                                r.getLong(3),
                                r.getInteger(5),
                                at.toInstant(ZoneOffset.UTC)));
                    }
                    return views;
                });
    }

    /**
     * The worker's current snapshot, read in one transaction so that version and partitions agree. A
     * worker that never registered has version 0; one that left or expired has an empty snapshot.
     */
    public Uni<Snapshot> snapshot(String domain, String workerId) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT version, live FROM workers WHERE domain = ? AND worker_id = ?")
                .execute(Tuple.of(domain, workerId))
                .flatMap(rs -> {
                    if (rs.size() == 0) {
                        return Uni.createFrom().item(new Snapshot(domain, workerId, 0, List.of()));
                    }
                    Row w = rs.iterator().next();
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
