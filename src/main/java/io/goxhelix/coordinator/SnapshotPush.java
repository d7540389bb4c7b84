package io.goxhelix.coordinator;

import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.store.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives this instance's streams the snapshots a committed round wrote, without waiting for the next
 * read of the change feed (up to a poll interval later) and without reading them back. Other
 * instances learn of them from the feed as before; here the feed's later announcement of the same
 * versions finds the streams already served and reads nothing.
 */
@ApplicationScoped
class SnapshotPush {

    private static final Logger LOG = Logger.getLogger(SnapshotPush.class);

    private final Event<SnapshotsChanged> snapshots;

    SnapshotPush(Event<SnapshotsChanged> snapshots) {
        this.snapshots = snapshots;
    }

    void push(RoundPlan plan, Map<String, List<PartitionRow>> assigned) {
        if (plan.workers().isEmpty()) {
            return;
        }
        List<SnapshotChanged> changed = new ArrayList<>(plan.workers().size());
        for (WorkerChange w : plan.workers()) {
            List<PartitionRow> rows = assigned.getOrDefault(w.id(), List.of());
            List<Snapshot.Owned> owned = new ArrayList<>(rows.size());
            for (PartitionRow r : rows) {
                owned.add(new Snapshot.Owned(r.queue(), r.partition(), r.epoch()));
            }
            Snapshot snapshot = new Snapshot(plan.domain(), w.id(), w.newVersion(), owned);
            changed.add(new SnapshotChanged(plan.domain(), w.id(), w.newVersion(), snapshot));
        }
        try {
            snapshots.fire(new SnapshotsChanged(changed));
        } catch (RuntimeException e) {
            // The feed announces the same versions shortly: a failed push must not stop the rounds.
            LOG.debugf("pushing the round of domain %s failed: %s", plan.domain(), e.getMessage());
        }
    }
}
