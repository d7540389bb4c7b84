package io.goxhelix.coordination;

/** Ownership state of one partition, as the queue view shows it. */
public enum PartitionState {
    /** Owned and in the owner's snapshot. */
    ASSIGNED,
    /** Still owned: the owner was told to release it and has not confirmed yet. */
    RELEASING,
    /** No owner. */
    UNASSIGNED
}
