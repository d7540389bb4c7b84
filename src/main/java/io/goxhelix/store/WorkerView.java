package io.goxhelix.store;

import io.goxhelix.coordination.WorkerMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live worker as listed to operators. {@code partitions} counts those in its current snapshot;
 * {@code state} is its planned-event state, {@code version} the application version it announces;
 * {@code weight}, {@code maxPartitions} (null: unbounded) and {@code labels} are what it announced in
 * its last heartbeat; {@code load} is the total of the loads its heartbeats last reported for the
 * partitions it holds (null: it reports none; doc/design/placement.md).
 */
public record WorkerView(
        String workerId,
        List<String> queues,
        long ackedVersion,
        long assignmentVersion,
        int partitions,
        Instant lastHeartbeatAt,
        WorkerMode state,
        String version,
        int weight,
        Integer maxPartitions,
        Map<String, String> labels,
        Double load) {}
