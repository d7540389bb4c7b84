package io.goxhelix.client;

import java.util.Comparator;
import java.util.Objects;

/** A partition of a queue, without the grant that gave it: what a revocation names. */
public record PartitionRef(String queue, int partition) implements Comparable<PartitionRef> {

    private static final Comparator<PartitionRef> ORDER =
            Comparator.comparing(PartitionRef::queue).thenComparingInt(PartitionRef::partition);

    public PartitionRef {
        Objects.requireNonNull(queue, "queue");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** Sorted by queue name, then partition number. */
    @Override
    public int compareTo(PartitionRef other) {
        return ORDER.compare(this, other);
    }

    /** {@code queue/partition}. */
    @Override
    public String toString() {
        return queue + "/" + partition;
    }
}
