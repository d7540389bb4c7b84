package io.goxhelix.allocation;

/**
 * The partitions of one queue that a plan leaves without an owner, and why.
 *
 * @param unassigned how many, at least 1
 */
public record Shortfall(int unassigned, Reason reason) {

    /** Why partitions stay unassigned; the first that applies, in this order. */
    public enum Reason {
        /** No live worker serves the queue. */
        NO_WORKER,
        /** Workers serve the queue, but none carries the labels it requires. */
        NO_ELIGIBLE_WORKER,
        /** The eligible workers are full ({@link WorkerSpec#maxPartitions()}), with queues of higher priority first. */
        CAPACITY
    }

    public Shortfall {
        if (unassigned < 1) {
            throw new IllegalArgumentException("unassigned must be >= 1, was " + unassigned);
        }
    }
}
