package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;

/** Everything a round reads of one domain, under the coordinator's locks. */
public record DomainState(
        String domain, List<QueueSpec> queues, List<WorkerRow> workers, List<PartitionRow> partitions) {

    public DomainState {
        queues = List.copyOf(queues);
        workers = List.copyOf(workers);
        partitions = List.copyOf(partitions);
    }
}
