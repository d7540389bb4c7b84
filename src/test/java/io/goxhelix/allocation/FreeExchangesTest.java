package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FreeExchangesTest {

    @Test
    void passesAnExtraToAWorkerWhoseTotalIsLowerByTwo() {
        var steps = AllocationSteps.of(AllocationInput.cold(
                List.of(queue("a", 1), queue("b", 1)), List.of(worker("w1", "a", "b"), worker("w2", "a", "b"))));
        steps.quotas().grant(steps.edge("a", "w1"));
        steps.quotas().grant(steps.edge("b", "w1"));

        steps.exchangeForFree();

        assertThat(steps.quotas().hasExtra(steps.edge("a", "w2"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("b", "w1"))).isTrue();
        assertThat(steps.quotas().spread()).isZero();
    }

    @Test
    void passesAPreferredWorkersExtraOnlyToAnotherPreferredWorker() {
        // In a, w1 and w2 hold above the floor and w3 does not: giving w3 the extra would cost a move.
        var steps = AllocationSteps.of(input(
                List.of(queue("a", 4), queue("b", 1)),
                List.of(worker("w1", "a", "b"), worker("w2", "a", "b"), worker("w3", "a", "b")),
                "a",
                new String[] {"w1", "w1", "w2", "w2"}));
        steps.quotas().grant(steps.edge("a", "w1"));
        steps.quotas().grant(steps.edge("b", "w1"));
        int moves = steps.moves();

        steps.exchangeForFree();

        assertThat(steps.quotas().hasExtra(steps.edge("a", "w2"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("a", "w3"))).isFalse();
        assertThat(steps.quotas().hasExtra(steps.edge("b", "w1"))).isTrue();
        assertThat(List.of(steps.total("w1"), steps.total("w2"), steps.total("w3")))
                .containsExactly(2, 2, 1);
        assertThat(steps.moves()).isEqualTo(moves);
    }

    @Test
    void leavesTotalsThatDifferByOneAsTheyAre() {
        var steps = AllocationSteps.of(AllocationInput.cold(
                List.of(queue("a", 1), queue("b", 1)), List.of(worker("w1", "a", "b"), worker("w2", "a", "b"))));
        steps.quotas().grant(steps.edge("a", "w1"));

        steps.exchangeForFree();

        assertThat(steps.quotas().hasExtra(steps.edge("a", "w1"))).isTrue();
    }

    @Test
    void pairsTheHighestGiverWithTheLowestTakerAndStopsAtAPairWithinOne() {
        // Queues of one server each set the totals apart: w1 3, w2 2 (both with an extra of a), w3
        // and w4 1. Only w1 and w3 differ by two.
        var steps = AllocationSteps.of(AllocationInput.cold(
                List.of(queue("a", 2), queue("b", 2), queue("c", 1), queue("d", 1), queue("e", 1)),
                List.of(
                        worker("w1", "a", "b"),
                        worker("w2", "a", "c"),
                        worker("w3", "a", "d"),
                        worker("w4", "a", "e"))));
        steps.quotas().grant(steps.edge("a", "w1"));
        steps.quotas().grant(steps.edge("a", "w2"));

        steps.exchangeForFree();

        assertThat(steps.quotas().hasExtra(steps.edge("a", "w1"))).isFalse();
        assertThat(steps.quotas().hasExtra(steps.edge("a", "w2"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("a", "w3"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("a", "w4"))).isFalse();
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> scenarios() {
        return AllocationSteps.scenarios(false);
    }

    @Property
    void exchangesKeepTheExtrasAndTheMovesAndLeaveNoFreeExchange(
            @ForAll("scenarios") AllocatorProperties.Scenario scenario) {
        var steps = AllocationSteps.of(scenario.input());
        var quotas = steps.quotas();
        steps.grantExtras();
        int moves = steps.moves();
        int spread = quotas.spread();

        steps.exchangeForFree();

        assertThat(steps.moves()).isEqualTo(moves);
        assertThat(quotas.spread()).isLessThanOrEqualTo(spread);
        int[] queueStart = steps.serving().queueStart();
        int[] edgeWorker = steps.serving().edgeWorker();
        for (int q = 0; q < steps.serving().queueCount(); q++) {
            assertThat(steps.count(q, quotas::hasExtra)).isEqualTo(quotas.extras(q));
            for (int giver = queueStart[q]; giver < queueStart[q + 1]; giver++) {
                for (int taker = queueStart[q]; taker < queueStart[q + 1]; taker++) {
                    if (quotas.hasExtra(giver)
                            && !quotas.hasExtra(taker)
                            && quotas.preferred(giver) == quotas.preferred(taker)) {
                        assertThat(quotas.total(edgeWorker[giver]))
                                .as("queue %d, edges %d to %d", q, giver, taker)
                                .isLessThan(quotas.total(edgeWorker[taker]) + 2);
                    }
                }
            }
        }
    }
}
