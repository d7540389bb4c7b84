package io.goxhelix.store;

import io.goxhelix.coordination.WorkerMode;
import java.time.Instant;
import java.util.List;

/**
 * A live worker as listed to operators. {@code partitions} counts those in its current snapshot;
 * {@code state} is its planned-event state, {@code version} the application version it announces.
 */
public record WorkerView(
        String workerId,
        List<String> queues,
        long ackedVersion,
        long assignmentVersion,
        int partitions,
        Instant lastHeartbeatAt,
        WorkerMode state,
        String version) {}
