package io.goxhelix.store;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's priority and placement rules as stored: the priority in its own column, the rest as
 * one JSON text ({@code NULL} when there are none), read and written only here.
 *
 * @param spreadBy the label whose values the partitions are spread over; empty for none
 * @param pins partition number to worker id
 */
public record QueueRules(int priority, Map<String, String> requiredLabels, String spreadBy, Map<Integer, String> pins) {

    public static final QueueRules DEFAULT = new QueueRules(0, Map.of(), "", Map.of());

    public QueueRules {
        requiredLabels = Map.copyOf(requiredLabels);
        pins = Map.copyOf(pins);
    }

    /** The placement column's value: {@code null} when there is nothing to place. */
    String placementJson() {
        if (requiredLabels.isEmpty() && spreadBy.isEmpty() && pins.isEmpty()) {
            return null;
        }
        var json = new JsonObject();
        if (!requiredLabels.isEmpty()) {
            json.put("requiredLabels", new JsonObject(new TreeMap<>(requiredLabels)));
        }
        if (!spreadBy.isEmpty()) {
            json.put("spreadBy", spreadBy);
        }
        if (!pins.isEmpty()) {
            var byPartition = new TreeMap<String, Object>();
            new TreeMap<>(pins).forEach((p, worker) -> byPartition.put(Integer.toString(p), worker));
            json.put("pins", new JsonObject(byPartition));
        }
        return json.encode();
    }

    static QueueRules of(int priority, String placementJson) {
        if (placementJson == null) {
            return new QueueRules(priority, Map.of(), "", Map.of());
        }
        var json = new JsonObject(placementJson);
        var labels = new TreeMap<String, String>();
        JsonObject required = json.getJsonObject("requiredLabels", new JsonObject());
        required.forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
        var pins = new TreeMap<Integer, String>();
        json.getJsonObject("pins", new JsonObject())
                .forEach(e -> pins.put(Integer.parseInt(e.getKey()), (String) e.getValue()));
        return new QueueRules(priority, labels, json.getString("spreadBy", ""), pins);
    }
}
