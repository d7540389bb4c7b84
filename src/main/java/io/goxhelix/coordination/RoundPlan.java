package io.goxhelix.coordination;

import io.goxhelix.allocation.Shortfall;
import java.util.List;
import java.util.Map;

/**
 * What one round writes: partition rows in their new form and the workers whose version moves. The
 * counters and the allocation's shortfalls (queue to the partitions it leaves unowned, and why)
 * feed the metrics.
 */
public record RoundPlan(
        String domain,
        List<PartitionRow> partitions,
        List<WorkerChange> workers,
        Map<String, Shortfall> shortfalls,
        int grants,
        int revokes,
        int releases,
        int expirations) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
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
        this(domain, partitions, workers, Map.of(), grants, revokes, releases, expirations);
    }

    public boolean isEmpty() {
        return partitions.isEmpty() && workers.isEmpty();
    }
}
