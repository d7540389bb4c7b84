package io.goxhelix.store;

import io.goxhelix.coordination.PartitionState;
import java.util.List;

/** A queue with the ownership of each of its partitions, sorted by partition. */
public record QueueView(String domain, String queue, int partitions, List<Slot> assignments) {

    public QueueView {
        assignments = List.copyOf(assignments);
    }

    public record Slot(int partition, String workerId, long epoch, PartitionState state) {}

    public record Summary(String domain, String queue, int partitions) {}
}
