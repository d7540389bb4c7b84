package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotasTest {

    private static final List<QueueSpec> QUEUES = List.of(queue("a", 7), queue("b", 4), queue("nobody", 5));
    private static final List<WorkerSpec> WORKERS =
            List.of(worker("w1", "a", "b"), worker("w2", "a", "b"), worker("w3", "a"));

    @Test
    void everyServerOfAQueueGetsTheFloorAndTheRemainderCountsTheExtras() {
        var quotas = AllocationSteps.of(AllocationInput.cold(QUEUES, WORKERS)).quotas();

        assertThat(quotas.base(0)).isEqualTo(2);
        assertThat(quotas.extras(0)).isEqualTo(1);
        assertThat(quotas.base(1)).isEqualTo(2);
        assertThat(quotas.extras(1)).isZero();
        assertThat(quotas.base(2)).isZero();
        assertThat(quotas.extras(2)).isZero();
    }

    @Test
    void totalsStartAtTheSumOfTheFloorsAndFollowGrantsAndMoves() {
        var steps = AllocationSteps.of(AllocationInput.cold(QUEUES, WORKERS));
        var quotas = steps.quotas();
        assertThat(List.of(steps.total("w1"), steps.total("w2"), steps.total("w3")))
                .containsExactly(4, 4, 2);

        quotas.grant(steps.edge("a", "w3"));

        assertThat(steps.total("w3")).isEqualTo(3);
        assertThat(quotas.hasExtra(steps.edge("a", "w3"))).isTrue();
        assertThat(quotas.quota(steps.edge("a", "w3"))).isEqualTo(3);
        assertThat(quotas.spread()).isEqualTo(1);

        quotas.move(steps.edge("a", "w3"), steps.edge("a", "w1"));

        assertThat(quotas.hasExtra(steps.edge("a", "w3"))).isFalse();
        assertThat(quotas.hasExtra(steps.edge("a", "w1"))).isTrue();
        assertThat(List.of(steps.total("w1"), steps.total("w2"), steps.total("w3")))
                .containsExactly(5, 4, 2);
        assertThat(quotas.spread()).isEqualTo(3);
    }

    @Test
    void aWorkerIsPreferredWhereItHoldsMoreThanTheFloor() {
        var input = input(QUEUES, WORKERS, "a", new String[] {"w1", "w1", "w1", "w2", "w2", "w3", null});

        var steps = AllocationSteps.of(input);

        assertThat(steps.quotas().preferred(steps.edge("a", "w1"))).isTrue();
        assertThat(steps.quotas().preferred(steps.edge("a", "w2"))).isFalse();
        assertThat(steps.quotas().preferred(steps.edge("a", "w3"))).isFalse();
    }

    @Test
    void noWorkersHaveNoSpread() {
        assertThat(AllocationSteps.of(AllocationInput.cold(QUEUES, List.of()))
                        .quotas()
                        .spread())
                .isZero();
    }
}
