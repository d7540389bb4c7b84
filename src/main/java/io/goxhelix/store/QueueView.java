package io.goxhelix.store;

import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.WorkerMode;
import java.util.List;

/** A queue with the ownership of each of its partitions, sorted by partition. */
public record QueueView(String domain, String queue, int partitions, List<Slot> assignments) {

    public QueueView {
        assignments = List.copyOf(assignments);
    }

    /** {@code workerState}: the owner's planned-event state, null without an owner. */
    public record Slot(int partition, String workerId, long epoch, PartitionState state, WorkerMode workerState) {

        public Slot(int partition, String workerId, long epoch, PartitionState state) {
            this(partition, workerId, epoch, state, null);
        }
    }

    public record Summary(String domain, String queue, int partitions) {}
}
