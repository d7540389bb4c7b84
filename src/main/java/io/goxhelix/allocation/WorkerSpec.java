package io.goxhelix.allocation;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A live worker and the names of the queues it serves, with its capacity and labels. Names of
 * queues the allocation does not know are ignored, so a worker may announce a queue before the
 * queue is configured.
 *
 * @param weight its share relative to other workers: a worker of weight 2 gets about twice the
 *     partitions of one of weight 1 ({@link Allocator}, goal 3); at least 1, 1 by default
 * @param maxPartitions the most partitions it holds in total, over every queue; at least 0, {@link
 *     #UNBOUNDED} by default
 * @param labels free-form key/value pairs, matched against a queue's required labels and spread label
 */
public record WorkerSpec(String id, Set<String> queues, int weight, int maxPartitions, Map<String, String> labels) {

    /** No capacity bound. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public WorkerSpec {
        Objects.requireNonNull(id, "id");
        queues = Set.copyOf(queues);
        if (weight < 1) {
            throw new IllegalArgumentException("worker " + id + ": weight must be >= 1, was " + weight);
        }
        if (maxPartitions < 0) {
            throw new IllegalArgumentException("worker " + id + ": maxPartitions must be >= 0, was " + maxPartitions);
        }
        labels = Map.copyOf(labels);
    }

    /** A worker of weight 1, without a capacity bound or labels. */
    public WorkerSpec(String id, Set<String> queues) {
        this(id, queues, 1, UNBOUNDED, Map.of());
    }

    /** Whether this worker's weight or capacity takes the allocation out of the count mode. */
    boolean weighted() {
        return weight != 1 || maxPartitions != UNBOUNDED;
    }
}
