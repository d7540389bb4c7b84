package io.goxhelix.coordination;

import java.util.Map;

/**
 * The loads one worker last reported in its heartbeat, per queue and partition: non-negative
 * figures in whatever unit the domain's workers agree on (items per second, CPU share, bytes).
 */
public record LoadReport(Map<String, Map<Integer, Double>> byQueue) {

    public static final LoadReport NONE = new LoadReport(Map.of());

    public LoadReport {
        byQueue = Map.copyOf(byQueue);
    }

    /** The reported load, or null if this worker reported none for the partition. */
    public Double loadOf(String queue, int partition) {
        Map<Integer, Double> loads = byQueue.get(queue);
        return loads == null ? null : loads.get(partition);
    }

    /** The sum of the reported loads. */
    public double total() {
        return byQueue.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /** The number of partitions reported. */
    public int size() {
        return byQueue.values().stream().mapToInt(Map::size).sum();
    }
}
