package io.goxhelix.coordinator;

import java.util.List;

/**
 * Snapshots that reached new versions, as one read of the change feed found them (fired on every
 * instance by the feed follower). One event per read rather than per worker, so that a round that
 * touches thousands of workers can be pushed with a few database reads.
 */
public record SnapshotsChanged(List<SnapshotChanged> changes) {

    public SnapshotsChanged {
        changes = List.copyOf(changes);
    }
}
