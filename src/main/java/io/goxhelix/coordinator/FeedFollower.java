package io.goxhelix.coordinator;

import io.goxhelix.GoxConfig;
import io.goxhelix.store.Change;
import io.goxhelix.store.ChangeFeed;
import io.goxhelix.store.SchemaReady;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs on every instance: reads the change feed in sequence order, tells local stream subscribers of
 * new snapshots and, on the acting coordinator, marks the signalled domains dirty. At rest it costs
 * one indexed range read per poll.
 */
@ApplicationScoped
public class FeedFollower {

    private static final Logger LOG = Logger.getLogger(FeedFollower.class);
    private static final int TRANSACTIONS_PER_READ = 512;

    private final GoxConfig config;
    private final Vertx vertx;
    private volatile long timer = -1;
    private final ChangeFeed feed;
    private final Coordinator coordinator;
    private final Event<SnapshotsChanged> snapshots;
    private volatile long position = -1;

    FeedFollower(
            ChangeFeed feed,
            Coordinator coordinator,
            Event<SnapshotsChanged> snapshots,
            GoxConfig config,
            Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.feed = feed;
        this.coordinator = coordinator;
        this.snapshots = snapshots;
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void start(@Observes SchemaReady ready) {
        timer = Periodic.start(vertx, "change feed", config.feed().pollInterval(), this::poll);
    }

    Uni<Void> poll() {
        if (position < 0) {
            // Subscribers load their snapshot on connect and a new coordinator visits every domain, so
            // history older than this instance is of no use to it.
            return feed.head().invoke(head -> position = head).replaceWithVoid();
        }
        return feed.after(position, TRANSACTIONS_PER_READ)
                .invoke(this::dispatch)
                .onFailure()
                .invoke(e -> LOG.debugf("reading the change feed failed: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private void dispatch(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Set<String> signalled = new HashSet<>();
        List<SnapshotChanged> changed = new ArrayList<>();
        for (Change c : changes) {
            if (c.coordinate()) {
                signalled.add(c.domain());
            }
            if (c.changesSnapshot()) {
                changed.add(new SnapshotChanged(c.domain(), c.workerId(), c.version()));
            }
        }
        if (!changed.isEmpty()) {
            snapshots.fire(new SnapshotsChanged(changed));
        }
        coordinator.markDirty(signalled);
        position = changes.get(changes.size() - 1).seq();
    }
}
