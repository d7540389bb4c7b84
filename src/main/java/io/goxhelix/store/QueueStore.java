package io.goxhelix.store;

import io.goxhelix.coordination.Drain;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.WorkerMode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queue definitions. Only the definition changes here; partitions are granted and released by the
 * coordinator, which a change-feed signal wakes.
 */
@ApplicationScoped
public class QueueStore {

    private final Pool pool;

    QueueStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates, resizes or re-rules a queue, with its audit line; true when it was created. A change of
     * partitions or rules wakes the coordinator; an unchanged queue writes nothing but the audit. Fails
     * with {@link DomainLimitException}, and changes nothing, when the domain would then have more than
     * {@code maxQueues} queues or {@code maxPartitions} partitions. (Two creations racing in one domain
     * may both pass the count: a limit can be exceeded by the number of concurrent requests.)
     */
    public Uni<Boolean> put(
            String domain,
            String queue,
            int partitions,
            QueueRules rules,
            int maxQueues,
            int maxPartitions,
            AuditEvent audit) {
        String placement = rules.placementJson();
        return Retry.onLockConflict(() -> pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT partitions, priority, placement FROM queues WHERE domain = ? AND queue = ? FOR UPDATE")
                .execute(Tuple.of(domain, queue))
                .flatMap(rs -> {
                    boolean created = rs.size() == 0;
                    if (!created && unchanged(rs.iterator().next(), partitions, rules)) {
                        return AuditStore.append(tx, audit).replaceWith(false);
                    }
                    return withinLimits(tx, domain, queue, created, partitions, maxQueues, maxPartitions)
                            .call(ignored -> AuditStore.append(tx, audit))
                            .flatMap(ignored -> tx.preparedQuery("INSERT INTO queues (domain, queue, partitions,"
                                            + " priority, placement, updated_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))"
                                            + " ON DUPLICATE KEY UPDATE partitions = VALUES(partitions),"
                                            + " priority = VALUES(priority), placement = VALUES(placement),"
                                            + " updated_at = VALUES(updated_at)")
                                    .execute(Tuple.of(domain, queue, partitions, rules.priority(), placement)))
                            .flatMap(ignored -> ChangeFeed.append(tx, List.of(Change.signal(domain))))
                            .replaceWith(created);
                })));
    }

    private static boolean unchanged(Row row, int partitions, QueueRules rules) {
        return row.getInteger(0) == partitions
                && QueueRules.of(row.getInteger(1), row.getString(2)).equals(rules);
    }

    /** The other queues of the domain, counted, and their partitions summed, against the limits. */
    private static Uni<Void> withinLimits(
            SqlConnection tx,
            String domain,
            String queue,
            boolean created,
            int partitions,
            int maxQueues,
            int maxPartitions) {
        return tx.preparedQuery(
                        "SELECT COUNT(*), COALESCE(SUM(partitions), 0) FROM queues WHERE domain = ? AND queue <> ?")
                .execute(Tuple.of(domain, queue))
                .map(rs -> {
                    Row row = rs.iterator().next();
                    long others = row.getLong(0);
                    long otherPartitions = row.getLong(1);
                    if (created && others + 1 > maxQueues) {
                        throw new DomainLimitException("domain " + domain + " has " + others
                                + " queues, the most allowed is " + maxQueues + " (gox.limits.max-queues-per-domain)");
                    }
                    if (otherPartitions + partitions > maxPartitions) {
                        throw new DomainLimitException("domain " + domain + " would have "
                                + (otherPartitions + partitions) + " partitions, the most allowed is " + maxPartitions
                                + " (gox.limits.max-partitions-per-domain)");
                    }
                    return null;
                });
    }

    /**
     * Deletes a queue, with its audit line; false when there was none. Its partitions are released
     * by the coordinator.
     */
    public Uni<Boolean> delete(String domain, String queue, AuditEvent audit) {
        return Retry.onLockConflict(() ->
                pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM queues WHERE domain = ? AND queue = ?")
                        .execute(Tuple.of(domain, queue))
                        .flatMap(rs -> rs.rowCount() == 0
                                ? AuditStore.append(tx, audit.withOutcome(AuditEvent.NOT_FOUND))
                                        .replaceWith(false)
                                : ChangeFeed.append(tx, List.of(Change.signal(domain)))
                                        .flatMap(ignored -> AuditStore.append(tx, audit))
                                        .replaceWith(true))));
    }

    public Uni<List<QueueView.Summary>> list(String domain) {
        return pool.preparedQuery("SELECT queue, partitions, priority FROM queues WHERE domain = ? ORDER BY queue")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    List<QueueView.Summary> list = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        list.add(new QueueView.Summary(domain, r.getString(0), r.getInteger(1), r.getInteger(2)));
                    }
                    return list;
                });
    }

    /** The queue and the ownership of each partition, read in one transaction. */
    public Uni<Optional<QueueView>> view(String domain, String queue) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT partitions, priority, placement FROM queues WHERE domain = ? AND queue = ?")
                .execute(Tuple.of(domain, queue))
                .flatMap(rs -> {
                    if (rs.size() == 0) {
                        return Uni.createFrom().item(Optional.<QueueView>empty());
                    }
                    Row row = rs.iterator().next();
                    QueueRules rules = QueueRules.of(row.getInteger(1), row.getString(2));
                    return slots(tx, domain, queue, row.getInteger(0), rules).map(Optional::of);
                }));
    }

    private static Uni<QueueView> slots(
            SqlConnection tx, String domain, String queue, int partitions, QueueRules rules) {
        return tx.preparedQuery("SELECT p.partition_no, p.owner, p.state, p.epoch, w.cordoned, w.drain"
                        + " FROM partitions p LEFT JOIN workers w ON w.domain = p.domain AND w.worker_id = p.owner"
                        + " WHERE p.domain = ? AND p.queue = ? AND p.partition_no < ? ORDER BY p.partition_no")
                .execute(Tuple.of(domain, queue, partitions))
                .map(rs -> {
                    List<QueueView.Slot> slots = new ArrayList<>(partitions);
                    int next = 0;
                    for (Row r : rs) {
                        int p = r.getInteger(0);
                        // Partitions never granted have no row yet.
                        for (; next < p; next++) {
                            slots.add(new QueueView.Slot(next, null, 0, PartitionState.UNASSIGNED));
                        }
                        WorkerMode owner = r.getString(1) == null || r.getBoolean(4) == null
                                ? null
                                : WorkerMode.of(r.getBoolean(4), Drain.ofColumn(r.getString(5)));
                        slots.add(new QueueView.Slot(
                                p, r.getString(1), r.getLong(3), PartitionState.valueOf(r.getString(2)), owner));
                        next = p + 1;
                    }
                    for (; next < partitions; next++) {
                        slots.add(new QueueView.Slot(next, null, 0, PartitionState.UNASSIGNED));
                    }
                    return new QueueView(domain, queue, partitions, rules, slots);
                });
    }
}
