package io.goxhelix.client;

import java.util.Comparator;
import java.util.Objects;

/**
 * A partition granted to this worker, with the epoch of the grant. The epoch is a fencing token:
 * every grant of a partition has a greater epoch than all earlier ones, so an application can store it
 * beside what it writes and have its stores refuse writes carrying an older epoch.
 */
public record AssignedPartition(String queue, int partition, long epoch) implements Comparable<AssignedPartition> {

    private static final Comparator<AssignedPartition> ORDER = Comparator.comparing(AssignedPartition::queue)
            .thenComparingInt(AssignedPartition::partition)
            .thenComparingLong(AssignedPartition::epoch);

    public AssignedPartition {
        Objects.requireNonNull(queue, "queue");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
    }

    /** The partition, without the epoch. */
    public PartitionRef ref() {
        return new PartitionRef(queue, partition);
    }

    /** Sorted by queue name, partition number, then epoch. */
    @Override
    public int compareTo(AssignedPartition other) {
        return ORDER.compare(this, other);
    }

    /** {@code queue/partition@epoch}. */
    @Override
    public String toString() {
        return queue + "/" + partition + "@" + epoch;
    }
}
