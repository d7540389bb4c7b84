package io.goxhelix.coordination;

import java.util.List;

/**
 * What one round writes: partition rows in their new form, the workers whose version moves and the
 * drains it moves on. The counters feed the metrics.
 */
public record RoundPlan(
        String domain,
        List<PartitionRow> partitions,
        List<WorkerChange> workers,
        int grants,
        int revokes,
        int releases,
        int expirations,
        List<DrainChange> drains) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
        drains = List.copyOf(drains);
    }

    public RoundPlan(
            String domain,
            List<PartitionRow> partitions,
            List<WorkerChange> workers,
            int grants,
            int revokes,
            int releases,
            int expirations) {
        this(domain, partitions, workers, grants, revokes, releases, expirations, List.of());
    }

    public boolean isEmpty() {
        return partitions.isEmpty() && workers.isEmpty() && drains.isEmpty();
    }
}
