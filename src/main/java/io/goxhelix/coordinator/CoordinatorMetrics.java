package io.goxhelix.coordinator;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.Shortfall;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.Drain;
import io.goxhelix.coordination.Move;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerMode;
import io.goxhelix.coordination.WorkerRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the coordinator reports: rounds, grants, revokes, expirations, and, after each round of a
 * domain, its live workers and its partitions by state. Gauges of a domain are refreshed by its rounds,
 * which the periodic safety net runs at least every rebalance interval.
 */
@ApplicationScoped
public class CoordinatorMetrics {

    private final MeterRegistry registry;
    private final Timer rounds;
    private final Map<RoundPhase, Timer> phases = new EnumMap<>(RoundPhase.class);
    private final Counter moves;
    private final Counter grants;
    private final Counter releases;
    private final Counter expirations;
    private final Counter lockWaits;
    private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<Tags, Counter> ledgerMoves = new ConcurrentHashMap<>();

    CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rounds = Timer.builder("gox.rebalance.duration")
                .description("Duration of a coordinator round for one domain (read, decide, write)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (RoundPhase phase : RoundPhase.values()) {
            phases.put(
                    phase,
                    Timer.builder("gox.round.phase.duration")
                            .description("Duration of one phase of a coordinator round")
                            .tag("phase", phase.tag())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(10))
                            .register(registry));
        }
        this.moves = Counter.builder("gox.partition.moves")
                .description("Partitions revoked from a live owner (the first half of a move)")
                .register(registry);
        this.grants = Counter.builder("gox.partition.grants")
                .description("Partitions granted, each with a new epoch")
                .register(registry);
        this.releases = Counter.builder("gox.partition.releases")
                .description("Entitlements ended: release confirmed, lease expired or worker left")
                .register(registry);
        this.expirations = Counter.builder("gox.lease.expirations")
                .description("Workers whose lease ran out")
                .register(registry);
        this.lockWaits = Counter.builder("gox.round.lock.waits")
                .description("Rounds that gave up waiting for a row lock (a fenced transaction) and ran again")
                .register(registry);
    }

    RoundTimer startRound() {
        return new RoundTimer(phases, System.nanoTime());
    }

    /** A round that held the domain back: it took time, and changed nothing. */
    void held(long nanos) {
        rounds.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A round that waited out its lock wait timeout, to run again. */
    void lockWait() {
        lockWaits.increment();
    }

    void round(RoundPlan plan, long nanos) {
        rounds.record(nanos, TimeUnit.NANOSECONDS);
        moves.increment(plan.revokes());
        grants.increment(plan.grants());
        releases.increment(plan.releases());
        expirations.increment(plan.expirations());
        for (Move m : plan.moves()) {
            movesCounter(plan.domain(), m).increment();
        }
    }

    /** The counter of the move's domain and reason, registered on first use. */
    private Counter movesCounter(String domain, Move m) {
        return ledgerMoves.computeIfAbsent(
                Tags.of("domain", domain, "reason", m.reason().label()),
                t -> Counter.builder("gox.moves")
                        .description("Ledger entries: changes of a partition's owner, by reason")
                        .tags(t)
                        .register(registry));
    }

    /**
     * Refreshes the domain's gauges with the state the round leaves behind, and registers the move
     * counters the round will count once it commits (so a series shows with the gauges it explains).
     */
    void observe(DomainState state, RoundPlan plan) {
        for (Move m : plan.moves()) {
            movesCounter(plan.domain(), m);
        }
        long live = state.workers().stream().filter(WorkerRow::active).count();
        gauge("gox.workers.live", "Live workers", Tags.of("domain", state.domain()))
                .set(live);
        observeWorkerStates(state, plan);
        observeLoad(state);
        // The state of every partition after the round, per queue: the rows read, overlaid with the rows
        // written. Arrays, not a map keyed by partition: a round may cover hundreds of thousands.
        Map<String, byte[]> after = new HashMap<>();
        for (QueueSpec q : state.queues()) {
            byte[] states = new byte[q.partitions()];
            Arrays.fill(states, (byte) PartitionState.UNASSIGNED.ordinal());
            after.put(q.name(), states);
        }
        for (List<PartitionRow> rows : List.of(state.partitions(), plan.partitions())) {
            for (PartitionRow row : rows) {
                byte[] states = after.get(row.queue());
                if (states != null && row.partition() < states.length) {
                    states[row.partition()] = (byte) row.state().ordinal();
                }
            }
        }
        for (QueueSpec q : state.queues()) {
            long[] counts = new long[PartitionState.values().length];
            for (byte s : after.get(q.name())) {
                counts[s]++;
            }
            for (PartitionState s : PartitionState.values()) {
                gauge(
                                "gox.partitions",
                                "Partitions by state",
                                Tags.of("domain", state.domain(), "queue", q.name(), "state", s.name()))
                        .set(counts[s.ordinal()]);
            }
            observeShortfall(state.domain(), q.name(), plan.shortfalls().get(q.name()));
        }
    }

    private void observeLoad(DomainState state) {
        if (state.balancing().byLoad()) {
            gauge(
                            "gox.load.peak.percent",
                            "In a domain balanced by load: the most loaded worker's reported load, in percent of its weighted share",
                            Tags.of("domain", state.domain()))
                    .set(Math.round(100 * peakLoadRatio(state)));
        }
    }

    /** Over the receiving workers, as they last reported: 1 is even; 0 when nothing is reported. */
    static double peakLoadRatio(DomainState state) {
        double total = 0;
        long weights = 0;
        Map<String, Double> loads = new HashMap<>();
        for (WorkerRow w : state.workers()) {
            if (w.active() && w.mode().receives()) {
                double load = state.balancing()
                        .reports()
                        .getOrDefault(w.id(), io.goxhelix.coordination.LoadReport.NONE)
                        .total();
                loads.put(w.id(), load / w.profile().weight());
                total += load;
                weights += w.profile().weight();
            }
        }
        double perWeight = weights == 0 ? 0 : total / weights;
        return perWeight == 0
                ? 0
                : loads.values().stream().mapToDouble(l -> l / perWeight).max().orElse(0);
    }

    private void observeShortfall(String domain, String queue, Shortfall shortfall) {
        for (Shortfall.Reason reason : Shortfall.Reason.values()) {
            gauge(
                            "gox.partitions.unplaceable",
                            "Partitions the allocation leaves without an owner, by reason",
                            Tags.of("domain", domain, "queue", queue, "reason", reason.name()))
                    .set(shortfall != null && shortfall.reason() == reason ? shortfall.unassigned() : 0);
        }
    }

    /** Active workers per planned-event state, with the drains the round moved on. */
    private void observeWorkerStates(DomainState state, RoundPlan plan) {
        Map<String, Drain> moved = new HashMap<>();
        plan.drains().forEach(c -> moved.put(c.id(), c.to()));
        long[] counts = new long[WorkerMode.values().length];
        for (WorkerRow w : state.workers()) {
            if (w.active()) {
                counts[
                        WorkerMode.of(w.cordoned(), moved.getOrDefault(w.id(), w.drain()))
                                .ordinal()]++;
            }
        }
        for (WorkerMode m : WorkerMode.values()) {
            gauge(
                            "gox.workers.state",
                            "Active workers by planned-event state",
                            Tags.of("domain", state.domain(), "state", m.name()))
                    .set(counts[m.ordinal()]);
        }
    }

    private AtomicLong gauge(String name, String description, Tags tags) {
        return gauges.computeIfAbsent(tags.and("name", name), key -> {
            AtomicLong value = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, value, AtomicLong::get)
                    .description(description)
                    .tags(tags)
                    .register(registry);
            return value;
        });
    }
}
