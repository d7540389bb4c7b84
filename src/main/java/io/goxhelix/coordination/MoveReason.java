package io.goxhelix.coordination;

/**
 * Why a partition changed owner, as the ledger records it. {@link #of} is the one place that derives
 * it from what the round saw; a new cause (a drain, a pin) is a constant here, a {@link Loss} if it is
 * about the previous owner, and a line in {@link #of}.
 */
public enum MoveReason {
    /** Given to a worker that held nothing before the round: a worker joined, or came back. */
    JOIN,
    /** The previous owner left (or is gone from the domain). */
    LEAVE,
    /** The previous owner's lease ran out. */
    EXPIRY,
    /** The previous owner is being drained: it handed the partition off. */
    DRAIN,
    /** The previous owner left to restart (the partition is held for it), or came back from it. */
    RESTART,
    /** The queue was resized: a partition added, or one beyond the new size retired. */
    RESIZE,
    /** The allocator moved it between live workers, for balance. */
    REBALANCE,
    /** An operator pinned it to its new owner, which took it from another worker. */
    PIN,
    /** A partition of a new queue, granted for the first time. */
    CREATE,
    /** The queue was deleted. */
    DELETE;

    /** Why the previous owner (if any) lost its entitlement in this round. */
    public enum Loss {
        /** There was no previous owner. */
        NONE,
        /** It confirmed the release the allocator asked for (or never had to: the queue retired it). */
        RELEASED,
        LEFT,
        EXPIRED,
        /** It left to restart and is within its grace. */
        RESTARTING,
        /** It confirmed the release of a partition it handed off while draining. */
        DRAINED
    }

    /**
     * What a round saw of one partition whose owner changed.
     *
     * @param loss how the previous owner lost it
     * @param queueGone the queue no longer exists
     * @param partitionGone the queue exists but is now smaller than the partition's number
     * @param newPartition the partition was never granted before (no row, or epoch 0)
     * @param queueExisted some partition of the queue was granted before (so a new one is a resize)
     * @param heldBefore the partition was held for a worker within its restart grace
     * @param toIdle the new owner held no partition of the domain before the round
     * @param toPinned the queue pins the partition to its new owner
     */
    public record Cause(
            Loss loss,
            boolean queueGone,
            boolean partitionGone,
            boolean newPartition,
            boolean queueExisted,
            boolean heldBefore,
            boolean toIdle,
            boolean toPinned) {

        public Cause(
                Loss loss,
                boolean queueGone,
                boolean partitionGone,
                boolean newPartition,
                boolean queueExisted,
                boolean heldBefore,
                boolean toIdle) {
            this(loss, queueGone, partitionGone, newPartition, queueExisted, heldBefore, toIdle, false);
        }
    }

    /** The reason a move is recorded with: what the queue did first, then what the previous owner did. */
    public static MoveReason of(Cause c) {
        if (c.queueGone()) {
            return DELETE;
        }
        if (c.partitionGone()) {
            return RESIZE;
        }
        return switch (c.loss()) {
            case EXPIRED -> EXPIRY;
            case LEFT -> LEAVE;
            case RESTARTING -> RESTART;
            case DRAINED -> DRAIN;
            case RELEASED -> c.toPinned() ? PIN : c.toIdle() ? JOIN : REBALANCE;
            case NONE -> {
                if (c.heldBefore()) {
                    yield RESTART;
                } else if (c.newPartition()) {
                    yield c.queueExisted() ? RESIZE : CREATE;
                } else {
                    yield c.toIdle() ? JOIN : REBALANCE;
                }
            }
        };
    }

    /** The reason as the API and the metrics spell it, e.g. {@code expiry}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
