package io.goxhelix.client;

import io.goxhelix.names.Label;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a worker announces of its capacity in every heartbeat (doc/design/placement.md): its weight
 * (a worker of weight 2 gets about twice the share of one of weight 1), the most partitions it may
 * hold in total, and its labels, matched against queues' required labels and spread label.
 *
 * @param maxPartitions {@link #UNBOUNDED} for no bound
 */
public record WorkerCapacity(int weight, int maxPartitions, Map<String, String> labels) {

    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Weight 1, unbounded, no labels: what a worker that announces nothing gets. */
    public static final WorkerCapacity DEFAULT = new WorkerCapacity(1, UNBOUNDED, Map.of());

    public WorkerCapacity {
        if (weight < 1 || weight > 1_000) {
            throw new IllegalArgumentException("weight must be between 1 and 1000, was " + weight);
        }
        if (maxPartitions < 0 || (maxPartitions > 1_000_000 && maxPartitions != UNBOUNDED)) {
            throw new IllegalArgumentException("maxPartitions must be between 0 and 1000000, was " + maxPartitions);
        }
        Objects.requireNonNull(labels, "labels");
        if (labels.size() > Label.MAX_LABELS) {
            throw new IllegalArgumentException("at most " + Label.MAX_LABELS + " labels, was " + labels.size());
        }
        labels.forEach((k, v) -> {
            Label.checked("label key", k);
            Label.checked("label value", v);
        });
        labels = Map.copyOf(labels);
    }

    public static WorkerCapacity weight(int weight) {
        return new WorkerCapacity(weight, UNBOUNDED, Map.of());
    }

    public WorkerCapacity withMaxPartitions(int max) {
        return new WorkerCapacity(weight, max, labels);
    }

    public WorkerCapacity withLabels(Map<String, String> labels) {
        return new WorkerCapacity(weight, maxPartitions, labels);
    }

    /** The heartbeat's capacity fields, each preceded by a comma; empty for the default. */
    public String jsonFields() {
        var json = new StringBuilder();
        if (weight != 1) {
            json.append(",\"weight\":").append(weight);
        }
        if (maxPartitions != UNBOUNDED) {
            json.append(",\"maxPartitions\":").append(maxPartitions);
        }
        if (!labels.isEmpty()) {
            // Keys and values are of the label alphabet: nothing to escape.
            json.append(",\"labels\":{");
            String separator = "";
            for (var label : new TreeMap<>(labels).entrySet()) {
                json.append(separator)
                        .append('"')
                        .append(label.getKey())
                        .append("\":\"")
                        .append(label.getValue())
                        .append('"');
                separator = ",";
            }
            json.append('}');
        }
        return json.toString();
    }
}
