package io.goxhelix.store;

import java.time.Instant;
import java.util.List;

/** A live worker as listed to operators. {@code partitions} counts those in its current snapshot. */
public record WorkerView(
        String workerId,
        List<String> queues,
        long ackedVersion,
        long assignmentVersion,
        int partitions,
        Instant lastHeartbeatAt) {}
