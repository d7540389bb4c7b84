package io.goxhelix.coordination;

import io.goxhelix.allocation.Shortfall;
import java.util.List;
import java.util.Map;

/**
 * What one round writes: partition rows in their new form, the workers whose version moves and the
 * drains it moves on. The counters and the allocation's shortfalls (queue to the partitions it
 * leaves unowned, and why) feed the metrics.
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
        Map<String, Shortfall> shortfalls) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
        drains = List.copyOf(drains);
        shortfalls = Map.copyOf(shortfalls);
    }

    public RoundPlan(
            String domain,
            List<PartitionRow> partitions,
            List<WorkerChange> workers,
            int grants,
            int revokes,
            int releases,
            int expirations) {
        this(domain, partitions, workers, grants, revokes, releases, expirations, List.of(), Map.of());
    }

    public boolean isEmpty() {
        return partitions.isEmpty() && workers.isEmpty() && drains.isEmpty();
    }
}
