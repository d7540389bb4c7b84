package io.goxhelix.api;

import io.goxhelix.coordination.WorkerProfile;
import io.goxhelix.names.Label;
import java.util.TreeMap;

/** The capacity fields of a heartbeat, checked: every failure is a 400 naming the field. */
final class AnnouncedProfile {

    static final int MAX_WEIGHT = 1_000;
    static final int MAX_PARTITIONS = 1_000_000;

    private AnnouncedProfile() {}

    static WorkerProfile of(WorkerResource.HeartbeatRequest body) {
        int weight = body.weight() == null ? 1 : body.weight();
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw ApiException.badRequest("weight must be between 1 and " + MAX_WEIGHT + ", was " + weight);
        }
        int max = Integer.MAX_VALUE;
        if (body.maxPartitions() != null) {
            max = body.maxPartitions();
            if (max < 0 || max > MAX_PARTITIONS) {
                throw ApiException.badRequest("maxPartitions must be between 0 and " + MAX_PARTITIONS + ", was " + max);
            }
        }
        var labels = new TreeMap<String, String>();
        if (body.labels() != null) {
            if (body.labels().size() > Label.MAX_LABELS) {
                throw ApiException.badRequest("labels may hold at most " + Label.MAX_LABELS + " labels");
            }
            body.labels().forEach((k, v) -> labels.put(Label.checked("label key", k), Label.checked("label value", v)));
        }
        return new WorkerProfile(weight, max, labels);
    }
}
