package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;

/**
 * Everything a round reads of one domain, under the coordinator's locks. {@code frozen}: an
 * operator's freeze runs (no moves for balance). Workers are listed in the order their drains were
 * asked for, so that queued drains start first come, first served. {@code balancing}: by count, or
 * by the loads the workers report.
 */
public record DomainState(
        String domain,
        List<QueueSpec> queues,
        List<WorkerRow> workers,
        List<PartitionRow> partitions,
        boolean frozen,
        Balancing balancing) {

    public DomainState {
        queues = List.copyOf(queues);
        workers = List.copyOf(workers);
        partitions = List.copyOf(partitions);
        java.util.Objects.requireNonNull(balancing, "balancing");
    }

    public DomainState(
            String domain,
            List<QueueSpec> queues,
            List<WorkerRow> workers,
            List<PartitionRow> partitions,
            boolean frozen) {
        this(domain, queues, workers, partitions, frozen, Balancing.BY_COUNT);
    }

    public DomainState(String domain, List<QueueSpec> queues, List<WorkerRow> workers, List<PartitionRow> partitions) {
        this(domain, queues, workers, partitions, false);
    }
}
