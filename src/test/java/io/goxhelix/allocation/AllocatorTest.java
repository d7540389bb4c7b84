package io.goxhelix.allocation;

import static io.goxhelix.testing.AllocationInvariants.assertOnlyJoinerReceives;
import static io.goxhelix.testing.AllocationInvariants.assertOnlyLeaverMoved;
import static io.goxhelix.testing.AllocationInvariants.checkAll;
import static io.goxhelix.testing.AllocationInvariants.counts;
import static io.goxhelix.testing.AllocationInvariants.minimumMovesLowerBound;
import static io.goxhelix.testing.AllocationInvariants.moves;
import static io.goxhelix.testing.AllocationInvariants.reassigned;
import static io.goxhelix.testing.AllocationInvariants.totals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    /** Queue food_order of domain domain_order; the core sees queues by name only. */
    private static final String FOOD_ORDER = "food_order";

    private static final Set<String> FOOD = Set.of(FOOD_ORDER);

    @Test
    void fiftyFoodOrderPartitionsOverThreeWorkersFromColdStart() {
        // Given
        var input = AllocationInput.cold(List.of(new QueueSpec(FOOD_ORDER, 50)), workers(FOOD, "w1", "w2", "w3"));

        // When
        var plan = Allocator.allocate(input);

        // Then
        checkAll(input, plan);
        assertThat(counts(plan, FOOD_ORDER).values()).containsExactlyInAnyOrder(17, 17, 16);
        assertThat(moves(input, plan)).isZero();
    }

    @Test
    void aFourthWorkerJoiningTakesTwelvePartitionsAndNothingElseMoves() {
        // Given
        var queues = List.of(new QueueSpec(FOOD_ORDER, 50));
        var before = Allocator.allocate(AllocationInput.cold(queues, workers(FOOD, "w1", "w2", "w3")));
        var input = new AllocationInput(queues, workers(FOOD, "w1", "w2", "w3", "w4"), before.owners());

        // When
        var after = Allocator.allocate(input);

        // Then
        checkAll(input, after);
        assertOnlyJoinerReceives(before, "w4", after);
        // 13, 13, 12, 12: the three holding 16 or 17 can all stay at the ceiling of 13 but only
        // two may, so the joiner takes 4 + 4 + 3 from above 13 and one more: 12, the lower bound.
        assertThat(counts(after, FOOD_ORDER)).containsEntry("w4", 12);
        assertThat(moves(input, after)).isEqualTo(12).isEqualTo(minimumMovesLowerBound(input));
        assertThat(reassigned(before, after)).isEqualTo(12);
    }

    @Test
    void aWorkerLeavingMovesExactlyItsOwnPartitions() {
        // Given
        var queues = List.of(new QueueSpec(FOOD_ORDER, 50));
        var before = Allocator.allocate(AllocationInput.cold(queues, workers(FOOD, "w1", "w2", "w3", "w4")));
        int leaverHeld = counts(before, FOOD_ORDER).get("w2");
        var input = new AllocationInput(queues, workers(FOOD, "w1", "w3", "w4"), before.owners());

        // When
        var after = Allocator.allocate(input);

        // Then
        checkAll(input, after);
        assertOnlyLeaverMoved(before, "w2", after);
        assertThat(leaverHeld).isBetween(12, 13);
        assertThat(reassigned(before, after)).isEqualTo(leaverHeld);
        // The leaver's partitions are free once it is gone, so nothing counts as a move.
        assertThat(moves(input, after)).isZero();
        assertThat(counts(after, FOOD_ORDER).values()).containsExactlyInAnyOrder(17, 17, 16);
    }

    @Test
    void tenQueuesOfSixtyFourOverSevenWorkersBalanceEachQueueAndTheTotals() {
        // Given
        var queues = IntStream.range(0, 10)
                .mapToObj(i -> new QueueSpec("queue-" + i, 64))
                .toList();
        var names = queues.stream().map(QueueSpec::name).collect(Collectors.toSet());
        var input = AllocationInput.cold(queues, workers(names, "a", "b", "c", "d", "e", "f", "g"));

        // When
        var plan = Allocator.allocate(input);

        // Then: 9 or 10 per queue, and 640 = 7 * 91 + 3 in total.
        checkAll(input, plan);
        assertThat(totals(input, plan).values()).containsExactlyInAnyOrder(92, 92, 92, 91, 91, 91, 91);
    }

    @Test
    void heterogeneousQueueSetsBalanceEachQueueAmongItsOwnWorkers() {
        // Given
        var queues = List.of(new QueueSpec("a", 10), new QueueSpec("b", 7), new QueueSpec("c", 5));
        var workers = List.of(
                new WorkerSpec("w1", Set.of("a", "b")),
                new WorkerSpec("w2", Set.of("b")),
                new WorkerSpec("w3", Set.of("a", "c")),
                new WorkerSpec("w4", Set.of("a", "b", "c")));
        var input = AllocationInput.cold(queues, workers);

        // When
        var plan = Allocator.allocate(input);

        // Then
        checkAll(input, plan);
        assertThat(counts(plan, "a")).containsOnlyKeys("w1", "w3", "w4");
        assertThat(counts(plan, "b")).containsOnlyKeys("w1", "w2", "w4");
        assertThat(counts(plan, "c")).containsOnlyKeys("w3", "w4");
        // Where there is a choice, the extras go to the workers with less: w2 serves only b.
        assertThat(counts(plan, "b")).containsEntry("w2", 3);
    }

    @Test
    void withoutWorkersEveryPartitionIsUnassigned() {
        // Given
        var input = AllocationInput.cold(List.of(new QueueSpec(FOOD_ORDER, 3), new QueueSpec("empty", 0)), List.of());

        // When
        var plan = Allocator.allocate(input);

        // Then
        checkAll(input, plan);
        assertThat(plan.owners().get(FOOD_ORDER)).containsExactly(null, null, null);
        assertThat(plan.owners().get("empty")).isEmpty();
    }

    @Test
    void aQueueNobodyServesIsUnassignedWhileTheOthersAreDivided() {
        // Given
        var input = AllocationInput.cold(
                List.of(new QueueSpec(FOOD_ORDER, 4), new QueueSpec("orphan", 2)), workers(FOOD, "w1", "w2"));

        // When
        var plan = Allocator.allocate(input);

        // Then
        checkAll(input, plan);
        assertThat(plan.owners().get("orphan")).containsExactly(null, null);
        assertThat(plan.ownerOf("orphan", 1)).isNull();
        assertThat(counts(plan, FOOD_ORDER)).containsEntry("w1", 2).containsEntry("w2", 2);
    }

    @Test
    void unknownAndNonServingOwnersCountAsFreeAndValidOwnersKeepTheirPartitions() {
        // Given: w3 exists but does not serve food_order; ghost is not a worker at all; the array is
        // shorter than the queue.
        var queues = List.of(new QueueSpec(FOOD_ORDER, 8), new QueueSpec("other", 1));
        var workers =
                List.of(new WorkerSpec("w1", FOOD), new WorkerSpec("w2", FOOD), new WorkerSpec("w3", Set.of("other")));
        var input = new AllocationInput(
                queues, workers, Map.of(FOOD_ORDER, new String[] {"ghost", "w1", "w3", null, "w2", "w1"}));

        // When
        var plan = Allocator.allocate(input);

        // Then
        checkAll(input, plan);
        assertThat(moves(input, plan)).isZero();
        assertThat(plan.ownerOf(FOOD_ORDER, 1)).isEqualTo("w1");
        assertThat(plan.ownerOf(FOOD_ORDER, 4)).isEqualTo("w2");
        assertThat(plan.ownerOf(FOOD_ORDER, 5)).isEqualTo("w1");
        assertThat(plan.ownerOf("other", 0)).isEqualTo("w3");
    }

    @Test
    void aShrunkQueueIgnoresTheSurplusOfItsOwnersArray() {
        // Given: the queue went from 6 partitions to 4.
        var queues = List.of(new QueueSpec(FOOD_ORDER, 4));
        var input = new AllocationInput(
                queues, workers(FOOD, "w1", "w2"), Map.of(FOOD_ORDER, new String[] {"w1", "w1", "w1", "w2", "w2", "w2"
                }));

        // When
        var plan = Allocator.allocate(input);

        // Then: w1 gives up one partition, the lowest-numbered ones stay.
        checkAll(input, plan);
        assertThat(plan.owners().get(FOOD_ORDER)).containsExactly("w1", "w1", "w2", "w2");
        assertThat(moves(input, plan)).isEqualTo(1).isEqualTo(minimumMovesLowerBound(input));
    }

    @Test
    void theOrderOfTheInputListsDoesNotMatter() {
        // Given
        var queues = new ArrayList<QueueSpec>();
        for (int q = 0; q < 6; q++) {
            queues.add(new QueueSpec("q" + q, 5 + 7 * q));
        }
        var workers = new ArrayList<WorkerSpec>();
        var random = new Random(42);
        for (int w = 0; w < 9; w++) {
            var served = new HashSet<String>();
            for (QueueSpec queue : queues) {
                if (random.nextInt(3) > 0) {
                    served.add(queue.name());
                }
            }
            workers.add(new WorkerSpec("w" + w, served));
        }
        var owners = new HashMap<String, String[]>();
        owners.put("q3", new String[] {"w1", "w2", "w1", "ghost", "w8"});
        var input = new AllocationInput(queues, workers, owners);
        Collections.shuffle(queues, random);
        Collections.shuffle(workers, random);
        var shuffled = new AllocationInput(queues, workers, owners);

        // When
        var plan = Allocator.allocate(input);
        var fromShuffled = Allocator.allocate(shuffled);

        // Then
        checkAll(input, plan);
        assertThat(fromShuffled).isEqualTo(plan);
    }

    @Test
    void allocatingAgainFromThePlanMovesNothing() {
        // Given
        var queues = List.of(new QueueSpec(FOOD_ORDER, 50), new QueueSpec("drink_order", 13));
        var workers = workers(Set.of(FOOD_ORDER, "drink_order"), "w1", "w2", "w3", "w4");
        var first = Allocator.allocate(AllocationInput.cold(queues, workers));
        var input = new AllocationInput(queues, workers, first.owners());

        // When
        var second = Allocator.allocate(input);

        // Then
        checkAll(input, second);
        assertThat(moves(input, second)).isZero();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void totalBalanceCanCostAMoveThatPerQueueBalanceAloneWouldNot() {
        // Given: two queues of 5 over two workers, 3 + 2 and 2 + 3: totals 5 and 5.
        var queues = List.of(new QueueSpec("a", 5), new QueueSpec("b", 5));
        var before = Map.of(
                "a", new String[] {"w1", "w1", "w1", "w2", "w2"},
                "b", new String[] {"w1", "w1", "w2", "w2", "w2"});
        var input = new AllocationInput(queues, workers(Set.of("a", "b"), "w1", "w2", "w3"), before);

        // When
        var plan = Allocator.allocate(input);

        // Then: per queue, w3 could take one partition of each (2, 2, 1 twice: two moves), but then
        // w3 would hold 2 against 4 and 4. Total balance makes it 3, so three moves, all to w3.
        checkAll(input, plan);
        assertThat(minimumMovesLowerBound(input)).isEqualTo(2);
        assertThat(moves(input, plan)).isEqualTo(3);
        assertThat(totals(input, plan)).containsEntry("w3", 3);
        assertOnlyJoinerReceives(new AllocationPlan(before), "w3", plan);
    }

    @Test
    void totalBalanceCanForceAMoveWhenAWorkerLeaves() {
        // Given: queues of 2, 18 and 3 partitions over 19 workers, balanced per queue and in total
        // (four workers hold 2, the others 1). w00 holds no partition of q1 but one of q0 and q2.
        var queues = List.of(new QueueSpec("q0", 2), new QueueSpec("q1", 18), new QueueSpec("q2", 3));
        var ids =
                IntStream.range(0, 19).mapToObj(i -> String.format("w%02d", i)).toList();
        var all = Set.of("q0", "q1", "q2");
        var before = new AllocationPlan(Map.of(
                "q0", new String[] {"w00", "w01"},
                "q1", ids.subList(1, 19).toArray(String[]::new),
                "q2", new String[] {"w00", "w02", "w03"}));
        checkAll(AllocationInput.cold(queues, workers(all, ids.toArray(String[]::new))), before);
        var input =
                new AllocationInput(queues, workers(all, ids.subList(0, 18).toArray(String[]::new)), before.owners());

        // When: w18 leaves.
        var after = Allocator.allocate(input);

        // Then: q1 now has one partition per worker, so w00 takes w18's; holding 3 against a
        // ceiling of 2 (23 over 18), it must give up one of the others. One move nobody else makes.
        checkAll(input, after);
        assertThat(minimumMovesLowerBound(input)).isZero();
        assertThat(moves(input, after)).isEqualTo(1);
        assertThat(after.ownerOf("q1", 17)).isEqualTo("w00");
        assertThat(totals(input, after)).containsEntry("w00", 2);
    }

    @Test
    void ownerOfAnswersPerPartitionAndRejectsWhatThePlanDoesNotHave() {
        // Given
        var plan = Allocator.allocate(AllocationInput.cold(List.of(new QueueSpec(FOOD_ORDER, 2)), workers(FOOD, "w1")));

        // When / Then
        assertThat(plan.ownerOf(FOOD_ORDER, 0)).isEqualTo("w1");
        assertThatThrownBy(() -> plan.ownerOf(FOOD_ORDER, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> plan.ownerOf("nope", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativePartitionCountsAndDuplicateNamesAreRejected() {
        // Given
        var twice = List.of(new QueueSpec(FOOD_ORDER, 1), new QueueSpec(FOOD_ORDER, 2));
        var sameId = workers(FOOD, "w1", "w1");

        // When / Then: duplicates would make the plan depend on list order.
        assertThatThrownBy(() -> new QueueSpec(FOOD_ORDER, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationInput.cold(twice, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationInput.cold(List.of(), sameId)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void planEqualityComparesTheAssignmentsNotTheArrays() {
        // Given
        var one = new AllocationPlan(Map.of(FOOD_ORDER, new String[] {"w1", null}));

        // When
        var same = new AllocationPlan(Map.of(FOOD_ORDER, new String[] {"w1", null}));
        var different = new AllocationPlan(Map.of(FOOD_ORDER, new String[] {"w1", "w1"}));

        // Then
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(different);
        assertThat(one).hasToString("AllocationPlan{food_order=[w1, null]}");
    }

    private static List<WorkerSpec> workers(Set<String> queues, String... ids) {
        return Arrays.stream(ids).map(id -> new WorkerSpec(id, queues)).toList();
    }
}
