package io.goxhelix.coordination;

/** Ownership state of one partition, as the queue view shows it. */
public enum PartitionState {
    /** Owned and in the owner's snapshot. */
    ASSIGNED,
    /** Still owned: the owner was told to release it and has not confirmed yet. */
    RELEASING,
    /** No owner. */
    UNASSIGNED,
    /**
     * Kept, unowned, for a worker that left to restart ({@code ?restart=true}) and may return within
     * its grace: {@code owner} names that worker, which is not entitled to it and has it in no
     * snapshot. It goes back to that worker, with a new epoch, if it returns in time; to another after.
     */
    HELD
}
