package io.goxhelix.coordination;

import java.util.Map;

/**
 * What a worker announces of its capacity in its heartbeat: its weight (its share relative to the
 * others), the most partitions it may hold in total, and its labels (doc/design/placement.md).
 *
 * @param maxPartitions {@code Integer.MAX_VALUE} when unbounded
 */
public record WorkerProfile(int weight, int maxPartitions, Map<String, String> labels) {

    /** Weight 1, unbounded, no labels: what a worker that announces nothing gets. */
    public static final WorkerProfile DEFAULT = new WorkerProfile(1, Integer.MAX_VALUE, Map.of());

    public WorkerProfile {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, was " + weight);
        }
        if (maxPartitions < 0) {
            throw new IllegalArgumentException("maxPartitions must be >= 0, was " + maxPartitions);
        }
        labels = Map.copyOf(labels);
    }

    public boolean bounded() {
        return maxPartitions != Integer.MAX_VALUE;
    }
}
