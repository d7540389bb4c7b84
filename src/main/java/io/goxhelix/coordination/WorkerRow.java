package io.goxhelix.coordination;

import java.util.Set;

/**
 * A worker as the coordinator sees it inside its transaction. {@code leaseExpired} is judged by the
 * database clock; {@code live} is false once the worker has left or expired. {@code held} is true
 * while a worker that left to restart is within its grace: not live, not entitled to anything, but
 * still counted when partitions are divided, so that its share waits for it.
 *
 * <p>Planned events: {@code cordoned} and {@code drain} say whether it may receive or keep partitions
 * (see {@link WorkerMode}); {@code appVersion} is the application version its heartbeats announce,
 * null if none (see {@link AppVersion}). {@code profile} is its announced weight, capacity and
 * labels (see {@link WorkerProfile}).
 */
public record WorkerRow(
        String id,
        Set<String> queues,
        boolean live,
        boolean leaseExpired,
        long version,
        long ackedVersion,
        boolean held,
        boolean cordoned,
        Drain drain,
        String appVersion,
        WorkerProfile profile) {

    public WorkerRow {
        queues = Set.copyOf(queues);
        profile = profile == null ? WorkerProfile.DEFAULT : profile;
        if (held && live) {
            throw new IllegalArgumentException("worker " + id + " is live and held at once");
        }
        drain = drain == null ? Drain.NONE : drain;
    }

    public WorkerRow(
            String id,
            Set<String> queues,
            boolean live,
            boolean leaseExpired,
            long version,
            long ackedVersion,
            boolean held) {
        this(
                id,
                queues,
                live,
                leaseExpired,
                version,
                ackedVersion,
                held,
                false,
                Drain.NONE,
                null,
                WorkerProfile.DEFAULT);
    }

    /** With the default profile: weight 1, unbounded, no labels. */
    public WorkerRow(
            String id,
            Set<String> queues,
            boolean live,
            boolean leaseExpired,
            long version,
            long ackedVersion,
            boolean held,
            boolean cordoned,
            Drain drain,
            String appVersion) {
        this(id, queues, live, leaseExpired, version, ackedVersion, held, cordoned, drain, appVersion, null);
    }

    public WorkerRow(
            String id, Set<String> queues, boolean live, boolean leaseExpired, long version, long ackedVersion) {
        this(id, queues, live, leaseExpired, version, ackedVersion, false);
    }

    /** Entitled to its partitions: registered, not departed, lease not over. */
    public boolean active() {
        return live && !leaseExpired;
    }

    /** Counted when partitions are divided: active, or held for its return. */
    public boolean member() {
        return active() || held;
    }

    public WorkerMode mode() {
        return WorkerMode.of(cordoned, drain);
    }

    /** The same worker in another drain state. */
    public WorkerRow withDrain(Drain next) {
        return new WorkerRow(
                id, queues, live, leaseExpired, version, ackedVersion, held, cordoned, next, appVersion, profile);
    }
}
