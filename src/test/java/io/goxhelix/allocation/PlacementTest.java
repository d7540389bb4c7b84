package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static io.goxhelix.testing.AllocationInvariants.assertValid;
import static io.goxhelix.testing.AllocationInvariants.counts;
import static io.goxhelix.testing.AllocationInvariants.moves;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final List<WorkerSpec> WORKERS = List.of(worker("w1", "a"), worker("w2", "a"), worker("w3", "a"));

    @Test
    void everyWorkerKeepsItsLowestNumberedPartitionsUpToItsQuota() {
        var steps = AllocationSteps.of(input(
                List.of(queue("a", 6)), WORKERS.subList(0, 2), "a", new String[] {"w1", "w2", "w1", "w1", null, "w1"}));

        var plan = place(steps);

        // w1 keeps 0, 2 and 3 of its four; 4 (free) and 5 go to w2, in ascending order.
        assertThat(plan.owners().get("a")).containsExactly("w1", "w2", "w1", "w1", "w2", "w2");
    }

    @Test
    void thePooledPartitionsGoInAscendingOrderToTheWorkersBelowQuotaInRankOrder() {
        var steps =
                AllocationSteps.of(input(List.of(queue("a", 4)), WORKERS, "a", new String[] {"w3", "w3", "w3", "w3"}));
        steps.quotas().grant(steps.edge("a", "w1"));

        var plan = place(steps);

        assertThat(plan.owners().get("a")).containsExactly("w3", "w1", "w1", "w2");
    }

    @Test
    void aQueueNobodyHoldsIsCutIntoRunsInRankOrder() {
        var steps = AllocationSteps.of(AllocationInput.cold(List.of(queue("a", 5)), WORKERS.subList(0, 2)));
        steps.quotas().grant(steps.edge("a", "w2"));

        var plan = place(steps);

        assertThat(plan.owners().get("a")).containsExactly("w1", "w1", "w2", "w2", "w2");
    }

    @Test
    void aQueueNobodyServesHasNoOwners() {
        var steps = AllocationSteps.of(AllocationInput.cold(List.of(queue("a", 1), queue("nobody", 3)), WORKERS));
        steps.quotas().grant(steps.edge("a", "w1"));

        var plan = place(steps);

        assertThat(plan.owners()).containsOnlyKeys("a", "nobody");
        assertThat(plan.owners().get("a")).containsExactly("w1");
        assertThat(plan.owners().get("nobody")).containsExactly(null, null, null);
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> scenarios() {
        return AllocationSteps.scenarios(false);
    }

    @Property
    void everyWorkerGetsItsQuotaAndOnlyWhatItHoldsAboveQuotaMoves(
            @ForAll("scenarios") AllocatorProperties.Scenario scenario) {
        var input = scenario.input();
        var steps = AllocationSteps.of(input);
        steps.grantExtras();
        steps.exchangeForFree();

        var plan = place(steps);

        assertValid(input, plan);
        assertThat(moves(input, plan)).isEqualTo(steps.moves());
        var serving = steps.serving();
        for (int e = 0; e < serving.edgeCount(); e++) {
            var queue = serving.queues()[serving.edgeQueue()[e]].name();
            var worker = serving.workerIds()[serving.edgeWorker()[e]];
            assertThat(counts(plan, queue).getOrDefault(worker, 0))
                    .as("%s of %s", worker, queue)
                    .isEqualTo(steps.quotas().quota(e));
        }
    }

    private static AllocationPlan place(AllocationSteps steps) {
        return Placement.place(steps.serving(), steps.holdings(), steps.quotas());
    }
}
