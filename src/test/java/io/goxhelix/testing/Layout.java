package io.goxhelix.testing;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.WorkerSpec;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who owns what at one moment, in the terms of {@link Invariants}: the queues (name to partition
 * count), the workers taking part (id to the queue names they serve) and the owner of each partition
 * ({@code null} where none). Built from whatever a test observed: an allocation's input or plan, the
 * rows of a model database, the service's queue views.
 *
 * <p>Owner arrays are read as given: one from elsewhere may name a worker that is not in {@code
 * workers}, be missing, shorter or longer than its queue; {@link Invariants#balance} reports that.
 */
public record Layout(Map<String, Integer> queues, Map<String, Set<String>> workers, Map<String, String[]> owners) {

    public Layout {
        queues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queues));
        workers = java.util.Collections.unmodifiableMap(new TreeMap<>(workers));
        owners = java.util.Collections.unmodifiableMap(new TreeMap<>(owners));
    }

    /**
     * The ownership an allocation starts from, as the allocation reads it: an owner that is not among
     * the input's workers or does not serve the queue, and entries beyond the queue's partition count,
     * are free; every queue gets an array of its length.
     */
    public static Layout current(AllocationInput input) {
        Layout raw = new Layout(queuesOf(input), workersOf(input), input.owners());
        Map<String, String[]> valid = new TreeMap<>();
        for (QueueSpec queue : input.queues()) {
            String[] given = input.owners().getOrDefault(queue.name(), new String[0]);
            Set<String> servers = raw.servers(queue.name());
            String[] owners = new String[queue.partitions()];
            for (int p = 0; p < Math.min(owners.length, given.length); p++) {
                if (given[p] != null && servers.contains(given[p])) {
                    owners[p] = given[p];
                }
            }
            valid.put(queue.name(), owners);
        }
        return raw.withOwners(valid);
    }

    /** The input's queues and workers with the plan's owners, as the plan gives them. */
    public static Layout planned(AllocationInput input, AllocationPlan plan) {
        return new Layout(queuesOf(input), workersOf(input), plan.owners());
    }

    /**
     * One queue served by every one of {@code workers}; {@code owners} maps partition to owner (a
     * partition beyond the queue lengthens its array, which {@link Invariants#balance} reports).
     */
    public static Layout ofOneQueue(
            String queue, int partitions, Collection<String> workers, Map<Integer, String> owners) {
        Map<String, Set<String>> serving = new TreeMap<>();
        workers.forEach(w -> serving.put(w, Set.of(queue)));
        int length = Math.max(
                partitions, owners.keySet().stream().mapToInt(p -> p + 1).max().orElse(0));
        String[] array = new String[length];
        owners.forEach((p, owner) -> array[p] = owner);
        return new Layout(Map.of(queue, partitions), serving, Map.of(queue, array));
    }

    public Layout withOwners(Map<String, String[]> owners) {
        return new Layout(queues, workers, owners);
    }

    /** The owner of each partition of {@code queue}, as long as the queue; {@code null} where free. */
    public String[] ownersOf(String queue) {
        Integer partitions = queues.get(queue);
        if (partitions == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        String[] given = owners.getOrDefault(queue, new String[0]);
        String[] sized = new String[partitions];
        System.arraycopy(given, 0, sized, 0, Math.min(partitions, given.length));
        return sized;
    }

    /** The workers that serve {@code queue}. */
    public Set<String> servers(String queue) {
        Set<String> servers = new HashSet<>();
        workers.forEach((id, served) -> {
            if (served.contains(queue)) {
                servers.add(id);
            }
        });
        return servers;
    }

    /** Whether every worker serves the same set of this layout's queues. */
    public boolean homogeneous() {
        Set<Set<String>> sets = new HashSet<>();
        for (Set<String> served : workers.values()) {
            Set<String> existing = new HashSet<>(served);
            existing.retainAll(queues.keySet());
            sets.add(existing);
        }
        return sets.size() <= 1;
    }

    /** Per owner, the partitions of {@code queue} it owns (within the queue's length). */
    public Map<String, Integer> counts(String queue) {
        return tally(ownersOf(queue));
    }

    /** Per owner, how many entries of {@code owners} name it. */
    public static Map<String, Integer> tally(String[] owners) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String owner : owners) {
            if (owner != null) {
                counts.merge(owner, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Per worker (every worker of the layout, and any other owner), the partitions it owns in all. */
    public Map<String, Integer> totals() {
        Map<String, Integer> totals = new TreeMap<>();
        workers.keySet().forEach(w -> totals.put(w, 0));
        for (String[] array : owners.values()) {
            for (String owner : array) {
                if (owner != null) {
                    totals.merge(owner, 1, Integer::sum);
                }
            }
        }
        return totals;
    }

    private static Map<String, Integer> queuesOf(AllocationInput input) {
        Map<String, Integer> queues = new LinkedHashMap<>();
        input.queues().forEach(q -> queues.put(q.name(), q.partitions()));
        return queues;
    }

    private static Map<String, Set<String>> workersOf(AllocationInput input) {
        Map<String, Set<String>> workers = new TreeMap<>();
        for (WorkerSpec w : input.workers()) {
            workers.put(w.id(), Set.copyOf(w.queues()));
        }
        return workers;
    }
}
