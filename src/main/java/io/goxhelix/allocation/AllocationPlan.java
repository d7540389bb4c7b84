package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The target owner of every partition: queue name to an array with one entry per partition, {@code
 * null} where the partition stays unassigned (in the count mode: only where no worker serves the
 * queue). Queues iterate in name order, so whatever is derived
 * from a plan (revocations, snapshots, logs) comes out in a stable order.
 *
 * <p>{@code shortfalls} names, per queue that has any, how many of its partitions have no owner and
 * why; a queue that is fully assigned has no entry.
 *
 * <p>Equality compares the arrays' contents, so two plans are equal when they assign the same.
 */
public record AllocationPlan(Map<String, String[]> owners, Map<String, Shortfall> shortfalls) {

    public AllocationPlan {
        owners = Collections.unmodifiableMap(new TreeMap<>(owners));
        shortfalls = Collections.unmodifiableMap(new TreeMap<>(shortfalls));
    }

    /** A plan whose only unowned partitions are those of the queues nobody serves. */
    public AllocationPlan(Map<String, String[]> owners) {
        this(owners, unserved(owners));
    }

    private static Map<String, Shortfall> unserved(Map<String, String[]> owners) {
        Map<String, Shortfall> shortfalls = new TreeMap<>();
        owners.forEach((queue, partitions) -> {
            if (partitions.length > 0 && partitions[0] == null) {
                shortfalls.put(queue, new Shortfall(partitions.length, Shortfall.Reason.NO_WORKER));
            }
        });
        return shortfalls;
    }

    /**
     * The target owner of one partition, {@code null} when no worker serves the queue.
     *
     * @throws IllegalArgumentException when the plan has no such queue
     * @throws IndexOutOfBoundsException when the queue has no such partition
     */
    public String ownerOf(String queue, int partition) {
        String[] partitions = owners.get(queue);
        if (partitions == null) {
            throw new IllegalArgumentException("no queue " + queue + " in this plan");
        }
        return partitions[Objects.checkIndex(partition, partitions.length)];
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AllocationPlan that) || !owners.keySet().equals(that.owners.keySet())) {
            return false;
        }
        for (var entry : owners.entrySet()) {
            if (!Arrays.equals(entry.getValue(), that.owners.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (var entry : owners.entrySet()) {
            hash = 31 * hash + (entry.getKey().hashCode() ^ Arrays.hashCode(entry.getValue()));
        }
        return hash;
    }

    @Override
    public String toString() {
        var text = new StringBuilder("AllocationPlan{");
        String separator = "";
        for (var entry : owners.entrySet()) {
            text.append(separator).append(entry.getKey()).append('=').append(Arrays.toString(entry.getValue()));
            separator = ", ";
        }
        return text.append('}').toString();
    }
}
