package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static io.goxhelix.testing.AllocationInvariants.minimumMoves;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class MinCostBalancerTest {

    @Test
    void aJoinerOfTwoQueuesWhoseExtrasAllSaveMovesGetsOneAtTheCostOfOneMove() {
        var steps = AllocationSteps.of(input(
                List.of(queue("a", 2), queue("b", 2)),
                List.of(worker("w0", "a", "b"), worker("w1", "a", "b"), worker("joiner", "a", "b")),
                "a",
                new String[] {"w0", "w1"},
                "b",
                new String[] {"w0", "w1"}));
        steps.grantExtras();
        steps.exchangeForFree();
        assertThat(steps.total("joiner")).isZero();

        balancer(steps).run();

        assertThat(steps.total("joiner")).isEqualTo(1);
        assertThat(steps.quotas().spread()).isEqualTo(1);
        assertThat(steps.moves()).isEqualTo(1);
        assertThat(steps.count(0, steps.quotas()::hasExtra)).isEqualTo(2);
        assertThat(steps.count(1, steps.quotas()::hasExtra)).isEqualTo(2);
    }

    @Test
    void refusesQuotasThatAreNotOptimalToStartWith() {
        // b's extra went to w0 although w1 holds b's partition: an exchange cycle of negative cost.
        var steps = AllocationSteps.of(input(
                List.of(queue("a", 1), queue("b", 1)),
                List.of(worker("w0", "a", "b"), worker("w1", "a", "b")),
                "a",
                new String[] {"w0"},
                "b",
                new String[] {"w1"}));
        steps.quotas().grant(steps.edge("a", "w0"));
        steps.quotas().grant(steps.edge("b", "w0"));

        assertThatThrownBy(() -> balancer(steps).run()).isInstanceOf(IllegalStateException.class);
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> homogeneous() {
        return AllocationSteps.scenarios(true);
    }

    @Property
    void evensOutTotalsAtTheFewestMovesKeepingEveryQueuesExtras(
            @ForAll("homogeneous") AllocatorProperties.Scenario scenario, @ForAll long changeSeed) {
        var input = afterLeavesAndJoins(scenario.input(), new Random(changeSeed));
        var steps = AllocationSteps.of(input);
        steps.grantExtras();
        steps.exchangeForFree();
        boolean needed = steps.quotas().spread() > 1;
        Statistics.label("balancer").collect(needed ? "needed" : "not needed");

        balancer(steps).run();

        assertThat(steps.quotas().spread()).isLessThanOrEqualTo(1);
        assertThat(steps.moves()).isEqualTo(minimumMoves(input));
        for (int q = 0; q < steps.serving().queueCount(); q++) {
            assertThat(steps.count(q, steps.quotas()::hasExtra))
                    .isEqualTo(steps.quotas().extras(q));
        }
        Statistics.label("balancer")
                .coverage(coverage -> coverage.check("needed").percentage(p -> p > 10));
    }

    /** From the balanced plan of {@code start}, a few workers leave and a few join, serving all. */
    private static AllocationInput afterLeavesAndJoins(AllocationInput start, Random random) {
        var workers = new ArrayList<>(start.workers());
        int leaving = random.nextInt(workers.size());
        for (int i = 0; i < leaving; i++) {
            workers.remove(random.nextInt(workers.size()));
        }
        Set<String> all = start.queues().stream().map(QueueSpec::name).collect(Collectors.toSet());
        int joining = 1 + random.nextInt(3);
        for (int i = 0; i < joining; i++) {
            workers.add(new WorkerSpec("joiner" + i, all));
        }
        return new AllocationInput(
                start.queues(), workers, Allocator.allocate(start).owners());
    }

    private static MinCostBalancer balancer(AllocationSteps steps) {
        return new MinCostBalancer(steps.serving(), steps.holdings(), steps.quotas());
    }
}
