package io.goxhelix.store;

import java.util.List;

/** A worker's assignment at one version: the partitions it may process, sorted by (queue, partition). */
public record Snapshot(String domain, String workerId, long version, List<Owned> partitions) {

    public Snapshot {
        partitions = List.copyOf(partitions);
    }

    /** A partition in a snapshot, with the epoch of its grant (a fencing token for the worker's own stores). */
    public record Owned(String queue, int partition, long epoch) {}
}
