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

    /**
     * A builder that starts from a live worker with a current lease at version 0, not held, cordoned
     * or draining, with no application version and the default profile: most rows differ from that in
     * a field or two, which the builder names where positional booleans would not.
     */
    public static Builder builder(String id, Set<String> queues) {
        return new Builder(id, queues);
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

    /** Builds a {@link WorkerRow} field by field; see {@link #builder}. */
    public static final class Builder {
        private final String id;
        private final Set<String> queues;
        private boolean live = true;
        private boolean leaseExpired;
        private long version;
        private long ackedVersion;
        private boolean held;
        private boolean cordoned;
        private Drain drain = Drain.NONE;
        private String appVersion;
        private WorkerProfile profile = WorkerProfile.DEFAULT;

        private Builder(String id, Set<String> queues) {
            this.id = id;
            this.queues = queues;
        }

        public Builder live(boolean value) {
            live = value;
            return this;
        }

        public Builder leaseExpired(boolean value) {
            leaseExpired = value;
            return this;
        }

        /** Its version and the newest of its versions it has acknowledged. */
        public Builder versions(long current, long acked) {
            version = current;
            ackedVersion = acked;
            return this;
        }

        public Builder held(boolean value) {
            held = value;
            return this;
        }

        public Builder cordoned(boolean value) {
            cordoned = value;
            return this;
        }

        public Builder drain(Drain value) {
            drain = value;
            return this;
        }

        public Builder appVersion(String value) {
            appVersion = value;
            return this;
        }

        public Builder profile(WorkerProfile value) {
            profile = value;
            return this;
        }

        public WorkerRow build() {
            return new WorkerRow(
                    id, queues, live, leaseExpired, version, ackedVersion, held, cordoned, drain, appVersion, profile);
        }
    }
}
