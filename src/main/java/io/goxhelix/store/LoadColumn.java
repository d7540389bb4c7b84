package io.goxhelix.store;

import io.goxhelix.coordination.LoadReport;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code workers.loads} column: a worker's last {@link LoadReport} as JSON text, queues and
 * partitions as keys ({@code {"orders": {"0": 12.5}}}); null when the heartbeat reported none.
 */
public final class LoadColumn {

    private LoadColumn() {}

    /** Null for null (the heartbeat reported nothing: the last report stays). */
    public static String join(Map<String, Map<Integer, Double>> loads) {
        if (loads == null) {
            return null;
        }
        var json = new JsonObject();
        new TreeMap<>(loads).forEach((queue, partitions) -> {
            var q = new JsonObject();
            new TreeMap<>(partitions).forEach((p, load) -> q.put(Integer.toString(p), load));
            json.put(queue, q);
        });
        return json.encode();
    }

    public static LoadReport split(String column) {
        if (column == null) {
            return LoadReport.NONE;
        }
        Map<String, Map<Integer, Double>> byQueue = new HashMap<>();
        new JsonObject(column).forEach(queue -> {
            Map<Integer, Double> loads = new HashMap<>();
            ((JsonObject) queue.getValue())
                    .forEach(p -> loads.put(Integer.valueOf(p.getKey()), ((Number) p.getValue()).doubleValue()));
            byQueue.put(queue.getKey(), loads);
        });
        return new LoadReport(byQueue);
    }
}
