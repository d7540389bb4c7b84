package io.goxhelix.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live worker as listed to operators. {@code partitions} counts those in its current snapshot;
 * {@code weight}, {@code maxPartitions} (null: unbounded) and {@code labels} are what it announced in
 * its last heartbeat.
 */
public record WorkerView(
        String workerId,
        List<String> queues,
        long ackedVersion,
        long assignmentVersion,
        int partitions,
        Instant lastHeartbeatAt,
        int weight,
        Integer maxPartitions,
        Map<String, String> labels) {}
