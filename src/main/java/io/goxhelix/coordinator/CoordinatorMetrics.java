package io.goxhelix.coordinator;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
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
    private final Counter moves;
    private final Counter grants;
    private final Counter releases;
    private final Counter expirations;
    private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();

    CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rounds = Timer.builder("gox.rebalance.duration")
                .description("Duration of a coordinator round for one domain (read, decide, write)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
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
    }

    void round(RoundPlan plan, long nanos) {
        rounds.record(nanos, TimeUnit.NANOSECONDS);
        moves.increment(plan.revokes());
        grants.increment(plan.grants());
        releases.increment(plan.releases());
        expirations.increment(plan.expirations());
    }

    /** Refreshes the domain's gauges with the state the round leaves behind. */
    void observe(DomainState state, RoundPlan plan) {
        long live = state.workers().stream().filter(WorkerRow::active).count();
        gauge("gox.workers.live", "Live workers", Tags.of("domain", state.domain()))
                .set(live);
        Map<String, PartitionRow> after = new HashMap<>();
        for (PartitionRow row : state.partitions()) {
            after.put(row.queue() + '\u0000' + row.partition(), row);
        }
        for (PartitionRow row : plan.partitions()) {
            after.put(row.queue() + '\u0000' + row.partition(), row);
        }
        for (QueueSpec q : state.queues()) {
            long[] counts = new long[PartitionState.values().length];
            for (int p = 0; p < q.partitions(); p++) {
                PartitionRow row = after.get(q.name() + '\u0000' + p);
                counts[(row == null ? PartitionState.UNASSIGNED : row.state()).ordinal()]++;
            }
            for (PartitionState s : PartitionState.values()) {
                gauge(
                                "gox.partitions",
                                "Partitions by state",
                                Tags.of("domain", state.domain(), "queue", q.name(), "state", s.name()))
                        .set(counts[s.ordinal()]);
            }
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
