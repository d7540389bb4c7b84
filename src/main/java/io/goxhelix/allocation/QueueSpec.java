package io.goxhelix.allocation;

import java.util.Map;
import java.util.Objects;

/**
 * A queue and its number of partitions, numbered {@code 0 .. partitions - 1}, with the rules of its
 * placement.
 *
 * @param priority higher is assigned first when the workers' capacity cannot hold every partition
 *     ({@link Allocator}, goal 2); 0 by default, negative allowed
 * @param requiredLabels labels a worker must carry, with these exact values, to receive a partition
 *     of this queue; empty by default
 * @param spreadLabel the name of a worker label over whose values the partitions are spread evenly
 *     (zone spread); empty for none
 * @param pins partition number to the id of the worker it must go to; a pin to a worker that is not
 *     eligible (absent, not serving the queue, without the required labels, or full) is not honoured
 *     and the partition is placed as if unpinned
 */
public record QueueSpec(
        String name,
        int partitions,
        int priority,
        Map<String, String> requiredLabels,
        String spreadLabel,
        Map<Integer, String> pins) {

    /** Higher priority first, then by name: the order the constrained mode serves queues in. */
    public static final java.util.Comparator<QueueSpec> BY_PRIORITY =
            java.util.Comparator.comparingInt(QueueSpec::priority).reversed().thenComparing(QueueSpec::name);

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 0) {
            throw new IllegalArgumentException("queue " + name + ": partitions must be >= 0, was " + partitions);
        }
        requiredLabels = Map.copyOf(requiredLabels);
        Objects.requireNonNull(spreadLabel, "spreadLabel");
        pins = Map.copyOf(pins);
    }

    /** A queue with the default rules: priority 0, no required labels, no spread, no pins. */
    public QueueSpec(String name, int partitions) {
        this(name, partitions, 0, Map.of(), "", Map.of());
    }

    /**
     * Whether a worker with these labels carries every label this queue requires, with that value:
     * the one label rule, shared by the allocation modes and the coordinator's restrained rounds.
     */
    public boolean labelsMetBy(Map<String, String> labels) {
        for (var label : requiredLabels.entrySet()) {
            if (!label.getValue().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this queue asks for anything the count mode cannot give: labels, a spread or pins.
     * Priority alone does not: it matters only when capacity is bounded.
     */
    boolean placed() {
        return !requiredLabels.isEmpty() || !spreadLabel.isEmpty() || !pins.isEmpty();
    }
}
