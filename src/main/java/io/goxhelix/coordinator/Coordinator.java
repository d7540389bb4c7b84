package io.goxhelix.coordinator;

import io.goxhelix.GoxConfig;
import io.goxhelix.coordination.DeposedException;
import io.goxhelix.coordination.RoundDecision;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.store.ChangeFeed;
import io.goxhelix.store.CoordinatorStore;
import io.goxhelix.store.LedgerStore;
import io.goxhelix.store.RoundLockWaitException;
import io.goxhelix.store.SchemaReady;
import io.goxhelix.store.StaleRoundException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The rebalance loop of the acting coordinator. Signals (change feed), expired leases and the periodic
 * safety net mark domains dirty; one {@link DomainRound} at a time runs for a dirty domain, on the
 * election session, under the current term. A round that finds the term moved on steps this instance
 * down.
 */
@ApplicationScoped
public class Coordinator {

    private static final Logger LOG = Logger.getLogger(Coordinator.class);

    private final GoxConfig config;
    private final Election election;
    private final CoordinatorStore store;
    private final DomainRound round;
    private final ChangeFeed feed;
    private final LedgerStore ledger;
    private final CoordinatorMetrics metrics;
    private final Vertx vertx;
    private volatile long timer = -1;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    Coordinator(
            GoxConfig config,
            Election election,
            CoordinatorStore store,
            DomainRound round,
            ChangeFeed feed,
            LedgerStore ledger,
            CoordinatorMetrics metrics,
            Vertx vertx) {
        this.config = config;
        this.election = election;
        this.store = store;
        this.round = round;
        this.feed = feed;
        this.ledger = ledger;
        this.metrics = metrics;
        this.vertx = vertx;
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
        return store.domainsWithExpiredLeases(
                        config.leaseTimeout(),
                        config.coordinator().rebalanceInterval().multipliedBy(3))
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
                .call(ignored -> ledger.prune(
                        config.ledger().retention(), config.ledger().pruneBatch()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> everyDomain() {
        return store.domains().invoke(round::retainOnly).invoke(this::markDirty).replaceWithVoid();
    }

    private void kick() {
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    /** Runs the round of one dirty domain, then the next, until none is left or this instance stops acting. */
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
        round.run(seat.get(), domain)
                .subscribe()
                .with(
                        decision -> {
                            done(domain, term, decision, System.nanoTime() - started);
                            next();
                        },
                        failure -> {
                            failed(domain, failure);
                            next();
                        });
    }

    private void done(String domain, long term, RoundDecision decision, long nanos) {
        if (decision instanceof RoundDecision.Hold hold) {
            metrics.held(nanos);
            long delayMs = Math.max(1, (hold.untilNanos() - System.nanoTime()) / 1_000_000);
            vertx.setTimer(delayMs, id -> markDirty(List.of(domain)));
        } else if (decision instanceof RoundDecision.Plan planned) {
            metrics.round(planned.plan(), nanos);
            log(planned.plan(), term, nanos);
        }
    }

    private void failed(String domain, Throwable failure) {
        if (failure instanceof DeposedException || failure instanceof DomainRound.TimeoutException) {
            election.stepDown(failure.getMessage());
            failed.add(domain);
        } else if (failure instanceof RoundLockWaitException) {
            // An application's fenced transaction holds a partition this round wanted: the round waits
            // no longer than the lock wait timeout and runs again at the next lease check.
            LOG.infof("Round for domain %s will retry: %s", domain, failure.getMessage());
            metrics.lockWait();
            failed.add(domain);
        } else if (failure instanceof StaleRoundException) {
            // A heartbeat or leave overtook the round: decide again on what it left.
            LOG.debugf("Round for domain %s is stale: %s", domain, failure.getMessage());
            dirty.add(domain);
        } else {
            LOG.warnf("Round for domain %s failed, will retry: %s", domain, failure.getMessage());
            failed.add(domain);
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
