package io.goxhelix.allocation;

import java.util.Objects;
import java.util.Set;

/**
 * A live worker and the names of the queues it serves. Names of queues the allocation does not know
 * are ignored, so a worker may announce a queue before the queue is configured.
 */
public record WorkerSpec(String id, Set<String> queues) {

    public WorkerSpec {
        Objects.requireNonNull(id, "id");
        queues = Set.copyOf(queues);
    }
}
