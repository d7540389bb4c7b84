package io.goxhelix.coordination;

import java.util.List;

/**
 * What one round writes: partition rows in their new form, the workers whose version moves, and the
 * ledger entries of the partitions whose owner changed ({@link Ledger}). The counters feed the metrics.
 */
public record RoundPlan(
        String domain,
        List<PartitionRow> partitions,
        List<WorkerChange> workers,
        int grants,
        int revokes,
        int releases,
        int expirations,
        List<Move> moves) {

    public RoundPlan {
        partitions = List.copyOf(partitions);
        workers = List.copyOf(workers);
        moves = List.copyOf(moves);
    }

    /** A plan with no ledger entries. */
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
        return partitions.isEmpty() && workers.isEmpty();
    }
}
