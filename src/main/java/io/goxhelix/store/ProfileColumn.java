package io.goxhelix.store;

import io.goxhelix.coordination.WorkerProfile;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code workers.profile} column: a {@link WorkerProfile} as canonical JSON text (keys sorted,
 * defaults left out, {@code null} for the default profile), so that equal profiles are equal
 * strings and a heartbeat tells a change by comparing text, as it does for the queues column.
 */
public final class ProfileColumn {

    private ProfileColumn() {}

    public static String join(WorkerProfile profile) {
        if (profile.equals(WorkerProfile.DEFAULT)) {
            return null;
        }
        // JsonObject keeps insertion order: insert in sorted order.
        var json = new JsonObject();
        if (!profile.labels().isEmpty()) {
            json.put("labels", new JsonObject(new TreeMap<String, Object>(profile.labels())));
        }
        if (profile.bounded()) {
            json.put("maxPartitions", profile.maxPartitions());
        }
        if (profile.weight() != 1) {
            json.put("weight", profile.weight());
        }
        return json.encode();
    }

    public static WorkerProfile split(String column) {
        if (column == null) {
            return WorkerProfile.DEFAULT;
        }
        var json = new JsonObject(column);
        var labels = new TreeMap<String, String>();
        json.getJsonObject("labels", new JsonObject()).forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
        return new WorkerProfile(
                json.getInteger("weight", 1), json.getInteger("maxPartitions", Integer.MAX_VALUE), Map.copyOf(labels));
    }
}
