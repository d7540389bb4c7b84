package io.goxhelix.allocation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one allocation depends on.
 *
 * <p>{@code owners} maps a queue name to the current owner id of each partition, {@code null} for a
 * free partition. It is deliberately forgiving, because it is read back from a store that lags behind
 * membership: an array may be missing, shorter than the queue (the rest is free) or longer (the
 * surplus, left over from a shrink, is ignored), and an owner that is not among {@code workers}, or
 * that does not serve the queue, counts as free. The arrays are not copied (they can hold a million
 * entries) and must not change while an allocation reads them.
 *
 * <p>Queue names and worker ids must be unique: two entries with the same key would make the result
 * depend on list order.
 */
public record AllocationInput(List<QueueSpec> queues, List<WorkerSpec> workers, Map<String, String[]> owners) {

    public AllocationInput {
        queues = List.copyOf(queues);
        workers = List.copyOf(workers);
        owners = Map.copyOf(owners);
        var names = new HashSet<String>();
        for (QueueSpec queue : queues) {
            if (!names.add(queue.name())) {
                throw new IllegalArgumentException("duplicate queue " + queue.name());
            }
        }
        var ids = new HashSet<String>();
        for (WorkerSpec worker : workers) {
            if (!ids.add(worker.id())) {
                throw new IllegalArgumentException("duplicate worker " + worker.id());
            }
        }
    }

    /** An input in which every partition is free, as on a cold start. */
    public static AllocationInput cold(List<QueueSpec> queues, List<WorkerSpec> workers) {
        return new AllocationInput(queues, workers, Map.of());
    }

    /** The same queues and workers with another current ownership, typically a previous plan's. */
    public AllocationInput withOwners(Map<String, String[]> owners) {
        return new AllocationInput(queues, workers, Objects.requireNonNull(owners, "owners"));
    }
}
