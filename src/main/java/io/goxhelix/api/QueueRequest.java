package io.goxhelix.api;

import io.goxhelix.names.Label;
import io.goxhelix.names.WorkerId;
import io.goxhelix.store.QueueRules;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of {@code PUT .../queues/{queue}}: the number of partitions, 1 to 100 000, and optionally the
 * queue's priority and placement rules (doc/api.md). Fields left out take their defaults, so a PUT
 * states the whole queue: rules not repeated are removed.
 */
public record QueueRequest(
        Integer partitions,
        Integer priority,
        Map<String, String> requiredLabels,
        String spreadBy,
        Map<String, String> pins) {

    static final int MAX_PRIORITY = 1_000;
    static final int MAX_PINS = 1_000;

    /** The partitions, checked. */
    int checkedPartitions() {
        if (partitions == null) {
            throw ApiException.badRequest("The body must be {\"partitions\": N}");
        }
        if (partitions < 1 || partitions > QueueResource.MAX_PARTITIONS) {
            throw ApiException.badRequest(
                    "partitions must be between 1 and " + QueueResource.MAX_PARTITIONS + ", was " + partitions);
        }
        return partitions;
    }

    /** The rules, checked against the partitions; every failure is a 400 naming the field. */
    QueueRules rules(int partitions) {
        int p = priority == null ? 0 : priority;
        if (p < -MAX_PRIORITY || p > MAX_PRIORITY) {
            throw ApiException.badRequest(
                    "priority must be between " + -MAX_PRIORITY + " and " + MAX_PRIORITY + ", was " + p);
        }
        var labels = new TreeMap<String, String>();
        if (requiredLabels != null) {
            if (requiredLabels.size() > Label.MAX_LABELS) {
                throw ApiException.badRequest("requiredLabels may hold at most " + Label.MAX_LABELS + " labels");
            }
            requiredLabels.forEach(
                    (k, v) -> labels.put(Label.checked("label key", k), Label.checked("label value", v)));
        }
        String spread = spreadBy == null ? "" : Label.checked("spreadBy label key", spreadBy);
        return new QueueRules(p, labels, spread, checkedPins(partitions));
    }

    private Map<Integer, String> checkedPins(int partitions) {
        var checked = new TreeMap<Integer, String>();
        if (pins == null) {
            return checked;
        }
        if (pins.size() > MAX_PINS) {
            throw ApiException.badRequest("pins may pin at most " + MAX_PINS + " partitions");
        }
        for (var pin : pins.entrySet()) {
            int partition;
            try {
                partition = Integer.parseInt(pin.getKey());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("pins: '" + pin.getKey() + "' is not a partition number");
            }
            if (partition < 0 || partition >= partitions) {
                throw ApiException.badRequest(
                        "pins: partition " + partition + " is not between 0 and " + (partitions - 1));
            }
            checked.put(partition, WorkerId.parse(pin.getValue()).value());
        }
        return checked;
    }
}
