package io.goxhelix.coordinator;

import io.goxhelix.GoxConfig;
import io.goxhelix.coordination.DeposedException;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.Rebalance;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.RoundSnapshots;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.store.ChangeFeed;
import io.goxhelix.store.CoordinatorStore;
import io.goxhelix.store.SchemaReady;
import io.goxhelix.store.Snapshot;
import io.goxhelix.store.StaleRoundException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The rebalance loop of the acting coordinator. Signals (change feed), expired leases and the periodic
 * safety net mark domains dirty; one round at a time runs for a dirty domain, on the election session,
 * under the current term. A round that finds the term moved on steps this instance down.
 */
@ApplicationScoped
public class Coordinator {

    private static final Logger LOG = Logger.getLogger(Coordinator.class);

    /**
     * A round that has not finished by then is stuck on a connection that no longer answers: the lock
     * checks are paused while a round runs, so this is what ends such a coordinator's term.
     */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

    private static final class RoundTimeoutException extends RuntimeException {
        RoundTimeoutException(String domain) {
            super("the round of domain " + domain + " did not finish in " + ROUND_TIMEOUT.toSeconds() + " s");
        }
    }

    private final GoxConfig config;
    private final Election election;
    private final CoordinatorStore store;
    private final ChangeFeed feed;
    private final CoordinatorMetrics metrics;
    private final Vertx vertx;
    private final Event<SnapshotsChanged> snapshots;
    private volatile long timer = -1;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    private final InitialDelay initialDelay;

    Coordinator(
            GoxConfig config,
            Election election,
            CoordinatorStore store,
            ChangeFeed feed,
            CoordinatorMetrics metrics,
            Event<SnapshotsChanged> snapshots,
            Vertx vertx) {
        this.vertx = vertx;
        this.snapshots = snapshots;
        this.config = config;
        this.election = election;
        this.store = store;
        this.feed = feed;
        this.metrics = metrics;
        this.initialDelay = new InitialDelay(config.coordinator().initialDelay().toNanos());
    }

    /** Asks for a round of each domain as soon as possible (no-op unless acting). */
    public void markDirty(Collection<String> domains) {
        if (!domains.isEmpty() && election.isActing()) {
            dirty.addAll(domains);
            kick();
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void start(@Observes SchemaReady ready) {
        election.whileBusy(running::get);
        // A new coordinator trusts nothing it did not see: it visits every domain once.
        election.onElected(() -> everyDomain()
                .subscribe()
                .with(ignored -> {}, e -> LOG.warnf("listing domains failed: %s", e.getMessage())));
        timer = Periodic.start(vertx, "lease check", config.coordinator().expiryCheckInterval(), this::checkLeases);
    }

    Uni<Void> checkLeases() {
        if (!election.isActing()) {
            return Uni.createFrom().voidItem();
        }
        if (!failed.isEmpty()) {
            var retry = Set.copyOf(failed);
            failed.removeAll(retry);
            markDirty(retry);
        }
        return store.domainsWithExpiredLeases(config.leaseTimeout())
                .invoke(this::markDirty)
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(
            every = "${gox.coordinator.rebalance-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilSchemaReady.class)
    Uni<Void> periodic() {
        if (!election.isActing()) {
            return Uni.createFrom().voidItem();
        }
        return everyDomain()
                .call(ignored -> feed.prune(config.feed().retention().toSeconds()))
                .call(ignored -> store.forgetDeparted(config.coordinator().departedWorkerRetention()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> everyDomain() {
        return store.domains().invoke(this::markDirty).replaceWithVoid();
    }

    private void kick() {
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    private void next() {
        var seat = election.seat();
        Iterator<String> it = dirty.iterator();
        if (seat.isEmpty() || !it.hasNext()) {
            running.set(false);
            // A domain marked between the emptiness check and the reset must not wait for the next tick.
            if (seat.isPresent() && !dirty.isEmpty()) {
                kick();
            }
            return;
        }
        String domain = it.next();
        it.remove();
        long started = System.nanoTime();
        long term = seat.get().term().term();
        // Filled in while deciding (off the event loop), pushed only once the round has committed.
        AtomicReference<Map<String, List<PartitionRow>>> assigned = new AtomicReference<>(Map.of());
        store.round(
                        seat.get().connection(),
                        config.coordinator().lockName(),
                        term,
                        domain,
                        config.leaseTimeout(),
                        state -> {
                            long hold = initialDelay.holdFor(state, System.nanoTime());
                            if (hold > 0) {
                                vertx.setTimer(Math.max(1, hold / 1_000_000), id -> markDirty(List.of(domain)));
                                return new RoundPlan(domain, List.of(), List.of(), 0, 0, 0, 0);
                            }
                            RoundPlan plan = Rebalance.decide(state);
                            assigned.set(RoundSnapshots.of(state, plan));
                            metrics.observe(state, plan);
                            return plan;
                        })
                .ifNoItem()
                .after(ROUND_TIMEOUT)
                .failWith(() -> new RoundTimeoutException(domain))
                .subscribe()
                .with(
                        plan -> {
                            metrics.round(plan, System.nanoTime() - started);
                            log(plan, term, System.nanoTime() - started);
                            announce(plan, assigned.get());
                            next();
                        },
                        failure -> {
                            if (failure instanceof DeposedException || failure instanceof RoundTimeoutException) {
                                election.stepDown(failure.getMessage());
                                failed.add(domain);
                            } else if (failure instanceof StaleRoundException) {
                                // A heartbeat or leave overtook the round: decide again on what it left.
                                LOG.debugf("Round for domain %s is stale: %s", domain, failure.getMessage());
                                dirty.add(domain);
                            } else {
                                LOG.warnf("Round for domain %s failed, will retry: %s", domain, failure.getMessage());
                                failed.add(domain);
                            }
                            next();
                        });
    }

    /**
     * Gives this instance's streams the snapshots the committed round wrote, without waiting for the
     * next read of the change feed (up to a poll interval later) and without reading them back. Other
     * instances learn of them from the feed as before; here the feed's later announcement of the same
     * versions finds the streams already served and reads nothing.
     */
    private void announce(RoundPlan plan, Map<String, List<PartitionRow>> assigned) {
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
            changed.add(new SnapshotChanged(
                    plan.domain(), w.id(), w.newVersion(), new Snapshot(plan.domain(), w.id(), w.newVersion(), owned)));
        }
        try {
            snapshots.fire(new SnapshotsChanged(changed));
        } catch (RuntimeException e) {
            // The feed announces the same versions shortly: a failed push must not stop the rounds.
            LOG.debugf("pushing the round of domain %s failed: %s", plan.domain(), e.getMessage());
        }
    }

    private static void log(RoundPlan plan, long term, long nanos) {
        if (!plan.isEmpty()) {
            LOG.debugf(
                    "term %d domain %s: %d granted, %d revoked, %d released, %d lease(s) expired, in %d ms",
                    term,
                    plan.domain(),
                    plan.grants(),
                    plan.revokes(),
                    plan.releases(),
                    plan.expirations(),
                    nanos / 1_000_000);
        }
    }
}
