package io.goxhelix.coordinator;

import io.goxhelix.GoxConfig;
import io.goxhelix.coordination.LoadInputs;
import io.goxhelix.coordination.RoundDecider;
import io.goxhelix.coordination.RoundDecision;
import io.goxhelix.store.OpenRound;
import io.goxhelix.store.RoundStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * One round of one domain, top-down: load (store) -> decide (coordination, pure) -> apply (store) ->
 * commit -> push. Data flows one way: the decision is a value, and what the round came to is returned
 * to the {@link Coordinator}, which schedules what follows.
 */
@ApplicationScoped
class DomainRound {

    /**
     * A round that has not finished by then is stuck on a connection that no longer answers: the lock
     * checks are paused while a round runs, so this is what ends such a coordinator's term.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final class TimeoutException extends RuntimeException {
        TimeoutException(String domain) {
            super("the round of domain " + domain + " did not finish in " + TIMEOUT.toSeconds() + " s");
        }
    }

    private final GoxConfig config;
    private final RoundStore store;
    private final CoordinatorMetrics metrics;
    private final SnapshotPush push;
    private final RoundDecider decider;
    /** The term's copy of each domain's partitions; it lives as long as this instance acts. */
    private final PartitionCache partitions;

    DomainRound(GoxConfig config, RoundStore store, CoordinatorMetrics metrics, SnapshotPush push) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.push = push;
        this.decider = new RoundDecider(
                config.coordinator().initialDelay().toNanos(),
                config.coordinator().maxConcurrentDrains(),
                LoadInputs.settings(
                        config.balancing().cooldown(), config.balancing().maxMovesPerRound()));
        // Read again at the pace of the periodic round, which also reads everything else afresh.
        this.partitions =
                new PartitionCache(config.coordinator().rebalanceInterval().toNanos());
    }

    /** Runs the round; fails with the store's failures (deposed, stale) or {@link TimeoutException}. */
    Uni<RoundDecision> run(Election.Seat seat, String domain) {
        long term = seat.term().term();
        RoundTimer timer = metrics.startRound();
        return store.load(
                        seat.session(),
                        config.coordinator().lockName(),
                        term,
                        domain,
                        config.leaseTimeout(),
                        partitions.rows(domain, term, System.nanoTime()),
                        config.balancing().cooldown())
                .invoke(() -> timer.end(RoundPhase.LOAD))
                // Deciding (and copying what was read) is CPU work proportional to the domain's
                // partitions: keep it off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(open -> decideAndApply(open, timer).onFailure().call(failure -> store.rollback(open)))
                .ifNoItem()
                .after(TIMEOUT)
                .failWith(() -> new TimeoutException(domain))
                .onFailure()
                .invoke(failure -> partitions.forget(domain));
    }

    private Uni<RoundDecision> decideAndApply(OpenRound open, RoundTimer timer) {
        if (open.partitionsRead()) {
            partitions.loaded(
                    open.domain(), open.term(), System.nanoTime(), open.state().partitions());
        }
        RoundDecision decision = decider.decide(open.state(), System.nanoTime());
        if (!(decision instanceof RoundDecision.Plan planned)) {
            timer.end(RoundPhase.DECIDE);
            return store.rollback(open).replaceWith(decision);
        }
        metrics.observe(open.state(), planned.plan());
        timer.end(RoundPhase.DECIDE);
        return store.apply(open, planned.plan(), config.leaseTimeout())
                .invoke(() -> timer.end(RoundPhase.WRITE))
                .call(() -> store.commit(open))
                .invoke(() -> {
                    partitions.committed(
                            open.domain(), open.term(), planned.plan().partitions());
                    timer.end(RoundPhase.COMMIT);
                    push.push(planned.plan(), planned.snapshots());
                    timer.end(RoundPhase.PUSH);
                })
                .replaceWith(decision);
    }

    /** Drops the copies of domains that no longer have workers, queues or owned partitions. */
    void retainOnly(java.util.Collection<String> domains) {
        partitions.retainOnly(domains);
    }
}
