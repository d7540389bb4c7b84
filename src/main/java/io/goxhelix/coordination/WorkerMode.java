package io.goxhelix.coordination;

/**
 * What a worker is in for, as the worker and queue views and the {@code gox.workers.state} gauge show
 * it: drain states before the cordon, since a drain decides more.
 */
public enum WorkerMode {
    /** Keeps what it holds and receives new partitions. */
    ACTIVE,
    /** Keeps what it holds and receives nothing new (an operator's cordon). */
    CORDONED,
    /** Asked to drain while the domain's drain budget is spent: as cordoned until its turn. */
    DRAIN_QUEUED,
    /** Its partitions are being handed off; it receives nothing. */
    DRAINING,
    /** Holds nothing and receives nothing: it may stop. */
    DRAINED;

    public static WorkerMode of(boolean cordoned, Drain drain) {
        return switch (drain) {
            case QUEUED -> DRAIN_QUEUED;
            case DRAINING -> DRAINING;
            case DRAINED -> DRAINED;
            case NONE -> cordoned ? CORDONED : ACTIVE;
        };
    }

    /** Whether the worker may be given partitions it does not hold. */
    public boolean receives() {
        return this == ACTIVE;
    }

    /** Whether the worker keeps the partitions it holds (a drain hands them off). */
    public boolean keeps() {
        return this == ACTIVE || this == CORDONED || this == DRAIN_QUEUED;
    }
}
