package io.goxhelix.coordination;

import java.util.Objects;

/**
 * One partition as stored. {@code epoch} is that of the latest grant (0 if never granted);
 * {@code releaseVersion} is the owner's version whose snapshot first left the partition out.
 */
public record PartitionRow(
        String queue, int partition, String owner, PartitionState state, long epoch, long releaseVersion) {

    public PartitionRow {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(state, "state");
        if ((owner == null) != (state == PartitionState.UNASSIGNED)) {
            throw new IllegalArgumentException("owner " + owner + " does not match state " + state);
        }
    }

    public static PartitionRow unassigned(String queue, int partition, long epoch) {
        return new PartitionRow(queue, partition, null, PartitionState.UNASSIGNED, epoch, 0);
    }
}
