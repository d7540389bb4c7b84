package io.goxhelix.coordination;

import io.goxhelix.allocation.Shortfall;
import java.util.List;
import java.util.Map;

/**
 * What one round writes: partition rows in their new form, the workers whose version moves, the
 * drains it moves on, and the ledger entries of the partitions whose owner changed ({@link Ledger}).
 * The counters and the allocation's shortfalls (queue to the partitions it leaves unowned, and why)
 * feed the metrics.
 */
public record RoundPlan(
        String domain,
        List<PartitionRow> partitions,
        List<WorkerChange> workers,
        int grants,
        int revokes,
        int releases,
        int expirations,
        List<DrainChange> drains,
        Map<String, Shortfall> shortfalls,
        List<Move> moves) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
        drains = List.copyOf(drains);
        shortfalls = Map.copyOf(shortfalls);
        moves = List.copyOf(moves);
    }

    /** A plan with no drains, shortfalls or ledger entries. */
    public RoundPlan(
            String domain,
            List<PartitionRow> partitions,
            List<WorkerChange> workers,
            int grants,
            int revokes,
            int releases,
            int expirations) {
        this(domain, partitions, workers, grants, revokes, releases, expirations, List.of(), Map.of(), List.of());
    }

    public boolean isEmpty() {
        return partitions.isEmpty() && workers.isEmpty() && drains.isEmpty();
    }
}
