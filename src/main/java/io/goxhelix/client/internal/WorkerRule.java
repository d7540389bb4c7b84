package io.goxhelix.client.internal;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The worker rule of API v1, as pure functions. The application may hold partition p only while
 * (a) p is in the latest snapshot, (b) that snapshot's version is at least the {@code
 * assignmentVersion} of the last heartbeat answered 200, and (c) the lease, counted from the sending of
 * that heartbeat and shortened by the safety margin, has not run out. When (b) or (c) fails the worker
 * holds nothing until it holds again.
 */
public final class WorkerRule {

    private WorkerRule() {}

    /** What the application may hold now: partition -> epoch. */
    public static Map<PartitionRef, Long> allowed(
            Messages.Snapshot latest, long heartbeatVersion, boolean leaseRunning) {
        if (latest == null || !leaseRunning || latest.version() < heartbeatVersion) {
            return Map.of();
        }
        return latest.epochs();
    }

    /**
     * Whether a lease whose deadline is {@code deadlineNanos} still runs at {@code nowNanos}, on a
     * monotonic clock that may wrap (compared by difference, as {@link System#nanoTime()} requires).
     */
    public static boolean running(boolean hasLease, long deadlineNanos, long nowNanos) {
        return hasLease && nowNanos - deadlineNanos < 0;
    }

    /**
     * From holding {@code held} to holding {@code allowed}: what to revoke (held, and not allowed under
     * the same epoch) and what to assign (allowed, and not held under the same epoch). A partition
     * whose epoch changed is revoked under the old grant and assigned under the new one.
     */
    public static Change change(Map<PartitionRef, Long> held, Map<PartitionRef, Long> allowed) {
        Set<PartitionRef> revoked = new TreeSet<>();
        for (Map.Entry<PartitionRef, Long> e : held.entrySet()) {
            if (!e.getValue().equals(allowed.get(e.getKey()))) {
                revoked.add(e.getKey());
            }
        }
        Set<AssignedPartition> assigned = new TreeSet<>();
        for (Map.Entry<PartitionRef, Long> e : allowed.entrySet()) {
            if (!e.getValue().equals(held.get(e.getKey()))) {
                assigned.add(
                        new AssignedPartition(e.getKey().queue(), e.getKey().partition(), e.getValue()));
            }
        }
        return new Change(
                Collections.unmodifiableSet(revoked),
                Collections.unmodifiableSet(assigned),
                Collections.unmodifiableMap(new TreeMap<>(allowed)));
    }

    /** The callbacks to deliver, and what is held afterwards (partition -> epoch). */
    public record Change(Set<PartitionRef> revoked, Set<AssignedPartition> assigned, Map<PartitionRef, Long> held) {

        public boolean isEmpty() {
            return revoked.isEmpty() && assigned.isEmpty();
        }
    }
}
