package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;

/**
 * Everything a round reads of one domain, under the coordinator's locks. {@code frozen}: an
 * operator's freeze runs (no moves for balance). Workers are listed in the order their drains were
 * asked for, so that queued drains start first come, first served.
 */
public record DomainState(
        String domain, List<QueueSpec> queues, List<WorkerRow> workers, List<PartitionRow> partitions, boolean frozen) {

    public DomainState {
        queues = List.copyOf(queues);
        workers = List.copyOf(workers);
        partitions = List.copyOf(partitions);
    }

    public DomainState(String domain, List<QueueSpec> queues, List<WorkerRow> workers, List<PartitionRow> partitions) {
        this(domain, queues, workers, partitions, false);
    }
}
