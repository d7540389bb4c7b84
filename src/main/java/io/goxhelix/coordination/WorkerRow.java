package io.goxhelix.coordination;

import java.util.Set;

/**
 * A worker as the coordinator sees it inside its transaction. {@code leaseExpired} is judged by the
 * database clock; {@code live} is false once the worker has left or expired. {@code held} is true
 * while a worker that left to restart is within its grace: not live, not entitled to anything, but
 * still counted when partitions are divided, so that its share waits for it. {@code profile} is its
 * announced weight, capacity and labels.
 */
public record WorkerRow(
        String id,
        Set<String> queues,
        boolean live,
        boolean leaseExpired,
        long version,
        long ackedVersion,
        boolean held,
        WorkerProfile profile) {

    public WorkerRow {
        queues = Set.copyOf(queues);
        java.util.Objects.requireNonNull(profile, "profile");
        if (held && live) {
            throw new IllegalArgumentException("worker " + id + " is live and held at once");
        }
    }

    public WorkerRow(
            String id, Set<String> queues, boolean live, boolean leaseExpired, long version, long ackedVersion) {
        this(id, queues, live, leaseExpired, version, ackedVersion, false);
    }

    public WorkerRow(
            String id,
            Set<String> queues,
            boolean live,
            boolean leaseExpired,
            long version,
            long ackedVersion,
            boolean held) {
        this(id, queues, live, leaseExpired, version, ackedVersion, held, WorkerProfile.DEFAULT);
    }

    /** Entitled to its partitions: registered, not departed, lease not over. */
    public boolean active() {
        return live && !leaseExpired;
    }

    /** Counted when partitions are divided: active, or held for its return. */
    public boolean member() {
        return active() || held;
    }
}
