package io.goxhelix.coordination;

import java.util.List;

/**
 * What one round writes: partition rows in their new form and the workers whose version moves. The
 * counters feed the metrics.
 */
public record RoundPlan(
        String domain,
        List<PartitionRow> partitions,
        List<WorkerChange> workers,
        int grants,
        int revokes,
        int releases,
        int expirations) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
    }

    public boolean isEmpty() {
        return partitions.isEmpty() && workers.isEmpty();
    }
}
