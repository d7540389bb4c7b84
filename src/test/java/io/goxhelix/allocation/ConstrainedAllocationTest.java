package io.goxhelix.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstrainedAllocationTest {

    private static final Set<String> Q = Set.of("q");

    private static long count(AllocationPlan plan, String queue, String worker) {
        return Arrays.stream(plan.owners().get(queue)).filter(worker::equals).count();
    }

    private static WorkerSpec worker(String id, int weight, int max, Map<String, String> labels) {
        return new WorkerSpec(id, Q, weight, max, labels);
    }

    @Test
    void aWorkerOfWeightTwoHoldsTwiceTheShare() {
        var input = AllocationInput.cold(
                List.of(new QueueSpec("q", 30)),
                List.of(
                        worker("a", 2, WorkerSpec.UNBOUNDED, Map.of()),
                        new WorkerSpec("b", Q),
                        new WorkerSpec("c", Q)));

        var plan = Allocator.allocate(input);

        assertThat(count(plan, "q", "a")).isEqualTo(15);
        assertThat(List.of(count(plan, "q", "b"), count(plan, "q", "c"))).containsExactlyInAnyOrder(7L, 8L);
        assertThat(plan.shortfalls()).isEmpty();
    }

    @Test
    void underACapacityShortfallTheHigherPriorityQueueIsServedFirst() {
        var serves = Set.of("low", "high");
        var input = AllocationInput.cold(
                List.of(
                        new QueueSpec("low", 10, 0, Map.of(), "", Map.of()),
                        new QueueSpec("high", 10, 5, Map.of(), "", Map.of())),
                List.of(new WorkerSpec("a", serves, 1, 6, Map.of()), new WorkerSpec("b", serves, 1, 6, Map.of())));

        var plan = Allocator.allocate(input);

        assertThat(plan.owners().get("high")).doesNotContainNull();
        assertThat(Arrays.stream(plan.owners().get("low")).filter(o -> o != null))
                .hasSize(2);
        assertThat(plan.shortfalls()).containsOnlyKeys("low");
        assertThat(plan.shortfalls().get("low")).isEqualTo(new Shortfall(8, Shortfall.Reason.CAPACITY));
    }

    @Test
    void aSpreadQueueIsSplitEvenlyOverZonesWhateverTheirSizes() {
        var input = AllocationInput.cold(
                List.of(new QueueSpec("q", 12, 0, Map.of(), "zone", Map.of())),
                List.of(
                        worker("a1", 1, WorkerSpec.UNBOUNDED, Map.of("zone", "a")),
                        worker("a2", 1, WorkerSpec.UNBOUNDED, Map.of("zone", "a")),
                        worker("a3", 1, WorkerSpec.UNBOUNDED, Map.of("zone", "a")),
                        worker("b1", 1, WorkerSpec.UNBOUNDED, Map.of("zone", "b"))));

        var plan = Allocator.allocate(input);

        assertThat(count(plan, "q", "b1")).isEqualTo(6);
        assertThat(count(plan, "q", "a1") + count(plan, "q", "a2") + count(plan, "q", "a3"))
                .isEqualTo(6);
    }

    @Test
    void requiredLabelsAndPinsAreMet() {
        var input = AllocationInput.cold(
                List.of(new QueueSpec("q", 6, 0, Map.of("disk", "ssd"), "", Map.of(4, "ssd2"))),
                List.of(
                        worker("hdd", 1, WorkerSpec.UNBOUNDED, Map.of("disk", "hdd")),
                        worker("ssd1", 1, WorkerSpec.UNBOUNDED, Map.of("disk", "ssd")),
                        worker("ssd2", 1, WorkerSpec.UNBOUNDED, Map.of("disk", "ssd"))));

        var plan = Allocator.allocate(input);

        assertThat(plan.ownerOf("q", 4)).isEqualTo("ssd2");
        assertThat(count(plan, "q", "hdd")).isZero();
        assertThat(count(plan, "q", "ssd1") + count(plan, "q", "ssd2")).isEqualTo(6);
    }

    @Test
    void aQueueWhoseRequiredLabelsNoWorkerCarriesSaysSo() {
        var input = AllocationInput.cold(
                List.of(new QueueSpec("q", 3, 0, Map.of("gpu", "yes"), "", Map.of())), List.of(new WorkerSpec("a", Q)));

        var plan = Allocator.allocate(input);

        assertThat(plan.owners().get("q")).containsOnlyNulls();
        assertThat(plan.shortfalls().get("q")).isEqualTo(new Shortfall(3, Shortfall.Reason.NO_ELIGIBLE_WORKER));
    }

    @Test
    void theCountModeReportsQueuesNobodyServes() {
        var input = AllocationInput.cold(
                List.of(new QueueSpec("q", 3), new QueueSpec("other", 2)), List.of(new WorkerSpec("a", Q)));

        var plan = Allocator.allocate(input);

        assertThat(Allocator.constrained(input)).isFalse();
        assertThat(plan.shortfalls()).containsOnlyKeys("other");
        assertThat(plan.shortfalls().get("other")).isEqualTo(new Shortfall(2, Shortfall.Reason.NO_WORKER));
    }

    @Test
    void aLeavingWorkerOfAWeightedQueueMovesOnlyItsOwnPartitions() {
        var workers = new java.util.ArrayList<>(List.of(
                worker("a", 2, WorkerSpec.UNBOUNDED, Map.of()),
                worker("b", 1, WorkerSpec.UNBOUNDED, Map.of()),
                worker("c", 1, WorkerSpec.UNBOUNDED, Map.of()),
                worker("d", 3, WorkerSpec.UNBOUNDED, Map.of())));
        var queues = List.of(new QueueSpec("q", 70));
        var before = Allocator.allocate(AllocationInput.cold(queues, workers));
        workers.remove(1);

        var after = Allocator.allocate(new AllocationInput(queues, workers, new HashMap<>(before.owners())));

        for (int p = 0; p < 70; p++) {
            if (!"b".equals(before.ownerOf("q", p))) {
                assertThat(after.ownerOf("q", p)).as("partition %d", p).isEqualTo(before.ownerOf("q", p));
            }
        }
        assertThat(count(after, "q", "d")).isEqualTo(35);
    }

    @Test
    void requiredLabelsAreMetOnlyByEveryLabelWithItsValue() {
        var queue = new QueueSpec("q", 1, 0, Map.of("zone", "a", "disk", "ssd"), "", Map.of());

        assertThat(queue.labelsMetBy(Map.of("zone", "a", "disk", "ssd", "extra", "x")))
                .isTrue();
        assertThat(queue.labelsMetBy(Map.of("zone", "a"))).isFalse();
        assertThat(queue.labelsMetBy(Map.of("zone", "b", "disk", "ssd"))).isFalse();
        assertThat(new QueueSpec("q", 1).labelsMetBy(Map.of())).isTrue();
    }
}
