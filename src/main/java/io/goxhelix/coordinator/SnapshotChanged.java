package io.goxhelix.coordinator;

import io.goxhelix.store.Snapshot;

/**
 * A worker's snapshot reached a new version (fired on every instance by the feed follower, and on the
 * acting coordinator at the commit of its round). {@code known} is the snapshot itself when the sender
 * has it (the coordinator that just wrote it), null when the streams must read it.
 */
public record SnapshotChanged(String domain, String workerId, long version, Snapshot known) {

    public SnapshotChanged(String domain, String workerId, long version) {
        this(domain, workerId, version, null);
    }
}
