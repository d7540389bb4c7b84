package io.goxhelix.store;

import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.WorkerMode;
import java.util.List;
import java.util.Map;

/**
 * A queue with its rules and the ownership of each of its partitions, sorted by partition.
 *
 * @param spreadBy the label the partitions are spread over; empty for none
 */
public record QueueView(
        String domain,
        String queue,
        int partitions,
        int priority,
        Map<String, String> requiredLabels,
        String spreadBy,
        Map<Integer, String> pins,
        List<Slot> assignments) {

    public QueueView {
        requiredLabels = Map.copyOf(requiredLabels);
        pins = Map.copyOf(pins);
        assignments = List.copyOf(assignments);
    }

    QueueView(String domain, String queue, int partitions, QueueRules rules, List<Slot> assignments) {
        this(
                domain,
                queue,
                partitions,
                rules.priority(),
                rules.requiredLabels(),
                rules.spreadBy(),
                rules.pins(),
                assignments);
    }

    /** {@code workerState}: the owner's planned-event state, null without an owner. */
    public record Slot(int partition, String workerId, long epoch, PartitionState state, WorkerMode workerState) {

        public Slot(int partition, String workerId, long epoch, PartitionState state) {
            this(partition, workerId, epoch, state, null);
        }
    }

    public record Summary(String domain, String queue, int partitions, int priority) {}
}
