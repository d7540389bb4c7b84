package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentHoldingsTest {

    private static final List<WorkerSpec> WORKERS =
            List.of(worker("w1", "a", "b"), worker("w2", "a"), worker("w3", "b"));

    @Test
    void recordsThePositionOfEachValidHolderAndCountsWhatEachEdgeHolds() {
        var input = input(List.of(queue("a", 6)), WORKERS, "a", new String[] {"w2", "w1", "w2", "w2", "w1", "w2"});

        var steps = AllocationSteps.of(input);

        assertThat(steps.holdings().holder(0)).containsExactly(1, 0, 1, 1, 0, 1);
        assertThat(steps.holdings().held(steps.edge("a", "w1"))).isEqualTo(2);
        assertThat(steps.holdings().held(steps.edge("a", "w2"))).isEqualTo(4);
    }

    @Test
    void aMissingOwnerAnUnknownWorkerAndAWorkerNotServingTheQueueLeaveAPartitionFree() {
        var input = input(List.of(queue("a", 4)), WORKERS, "a", new String[] {null, "gone", "w3", "w1"});

        var steps = AllocationSteps.of(input);

        assertThat(steps.holdings().holder(0)).containsExactly(-1, -1, -1, 0);
        assertThat(steps.holdings().held(steps.edge("a", "w1"))).isEqualTo(1);
        assertThat(steps.holdings().held(steps.edge("a", "w2"))).isZero();
    }

    @Test
    void aShortArrayLeavesTheRestFreeAndALongOneIsCutToTheQueue() {
        var input = input(
                List.of(queue("a", 4), queue("b", 2)), WORKERS, "a", new String[] {"w1", "w2"}, "b", new String[] {
                    "w3", "w1", "w3", "w3"
                });

        var steps = AllocationSteps.of(input);

        assertThat(steps.holdings().holder(0)).containsExactly(0, 1, -1, -1);
        assertThat(steps.holdings().holder(1)).containsExactly(1, 0);
        assertThat(steps.holdings().held(steps.edge("b", "w3"))).isEqualTo(1);
    }

    @Test
    void ownerIdsAreComparedByValueNotByReferenceAcrossRunsOfOneOwner() {
        // Owners as read back from a store: fresh strings, runs interrupted by other owners.
        String[] owners = {
            new String("w1"), new String("w1"), new String("w2"), new String("w1"), null, new String("w1")
        };
        var input = input(List.of(queue("a", 6)), WORKERS, "a", owners);

        var steps = AllocationSteps.of(input);

        assertThat(steps.holdings().holder(0)).containsExactly(0, 0, 1, 0, -1, 0);
        assertThat(steps.holdings().held(steps.edge("a", "w1"))).isEqualTo(4);
    }

    @Test
    void aQueueWithoutOwnersOrWithoutServersHasNoHolders() {
        var input = input(
                List.of(queue("a", 3), queue("b", 3), queue("c", 3)), WORKERS, "c", new String[] {"w1", "w2", "w3"});

        var steps = AllocationSteps.of(input);

        assertThat(steps.holdings().holder(steps.queueIndex("a"))).isNull();
        assertThat(steps.holdings().holder(steps.queueIndex("c"))).isNull();
        for (int e = 0; e < steps.serving().edgeCount(); e++) {
            assertThat(steps.holdings().held(e)).isZero();
        }
    }
}
