package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drain, cordon, the drain budget, freeze and version-aware moves, decided by {@link Rebalance}. */
class PlannedEventsTest {

    private static String id(String prefix, int i) {
        return prefix + "0000000-0000-0000-0000-00000000000" + i;
    }

    private static final String A = id("a", 0);
    private static final String B = id("b", 0);
    private static final String C = id("c", 0);
    private static final String D = id("d", 0);

    private static PlannedDomain domain(int partitions, int budget, String... ids) {
        PlannedDomain d = new PlannedDomain(partitions, budget);
        for (String id : ids) {
            d.join(id, null);
        }
        d.settle();
        return d;
    }

    @Test
    void aDrainingWorkerHandsEveryPartitionOffOnceAndEndsDrained() {
        // Given three workers sharing 30 partitions
        PlannedDomain d = domain(30, 1, A, B, C);
        d.moves.clear();

        // When A drains
        d.drain(A);
        d.settle();

        // Then A holds nothing and is DRAINED, B and C hold 15 each, and each of A's ten moved once
        assertThat(d.modes()).containsEntry(A, WorkerMode.DRAINED);
        assertThat(d.counts()).containsOnlyKeys(B, C).containsValues(15L, 15L);
        assertThat(d.totalMoves()).isEqualTo(10);
        assertThat(d.maxMovesPerPartition()).isEqualTo(1);
        assertThat(d.violations).isEmpty();
    }

    @Test
    void aCordonedWorkerKeepsWhatItHoldsAndReceivesNothingNew() {
        PlannedDomain d = domain(30, 1, A, B, C);
        d.cordon(A, true);
        d.moves.clear();

        // When the queue grows and a worker joins
        d.queues.set(0, new QueueSpec("q", 40));
        d.join(D, null);
        d.settle();

        // Then A still holds its ten, the growth and the balance went to the others, evenly: what A
        // keeps is not counted as theirs to share
        assertThat(d.counts()).containsEntry(A, 10L);
        assertThat(d.counts()).containsEntry(B, 10L).containsEntry(C, 10L).containsEntry(D, 10L);
        assertThat(d.violations).isEmpty();

        // And uncordoned, A takes part in the balance again
        d.cordon(A, false);
        d.settle();
        assertThat(d.counts()).containsValues(10L, 10L, 10L, 10L);
    }

    @Test
    void aWorkerThatJoinsWhileAnotherIsCordonedGetsItsShareOfWhatTheOthersHold() {
        // Given three workers holding 4 of 12 partitions each, and C cordoned
        PlannedDomain d = domain(12, 1, A, B, C);
        d.cordon(C, true);
        d.settle();

        // When D joins
        d.join(D, null);
        d.settle();

        // Then C keeps its 4 and the other 8 are shared among A, B and D (3, 3, 2), not held back for
        // a share of C's that D could never be granted
        assertThat(d.counts()).containsEntry(C, 4L);
        assertThat(d.counts().get(D)).isEqualTo(2L);
        assertThat(d.counts()).containsEntry(A, 3L).containsEntry(B, 3L);
        assertThat(d.violations).isEmpty();
    }

    @Test
    void drainsAskedForAtOnceRunOneAtATimeInTheOrderAsked() {
        PlannedDomain d = domain(40, 1, A, B, C, D);

        // When three workers ask to drain at once
        d.drain(C);
        d.drain(A);
        d.drain(B);
        RoundPlan first = d.round();

        // Then the first asked drains, the others wait queued; at no round do two drain
        assertThat(first.drains()).containsExactly(new DrainChange(C, Drain.QUEUED, Drain.DRAINING));
        assertThat(d.modes())
                .containsEntry(A, WorkerMode.DRAIN_QUEUED)
                .containsEntry(B, WorkerMode.DRAIN_QUEUED)
                .containsEntry(C, WorkerMode.DRAINING);
        d.settle();
        assertThat(d.maxDraining).isEqualTo(1);
        assertThat(d.modes()).containsEntry(A, WorkerMode.DRAINED).containsEntry(B, WorkerMode.DRAINED);
        assertThat(d.counts()).containsOnlyKeys(D).containsValue(40L);
        assertThat(d.violations).isEmpty();
    }

    @Test
    void aLargerBudgetDrainsThatManyAtOnce() {
        PlannedDomain d = domain(40, 2, A, B, C, D);
        d.drain(A);
        d.drain(B);
        d.drain(C);
        d.round();

        assertThat(d.modes().values().stream().filter(m -> m == WorkerMode.DRAINING))
                .hasSize(2);
        d.settle();
        assertThat(d.maxDraining).isEqualTo(2);
        assertThat(d.counts()).containsOnlyKeys(D);
    }

    @Test
    void aFrozenDomainMovesNothingForBalanceButReplacesADepartedWorker() {
        PlannedDomain d = domain(30, 1, A, B, C);
        d.frozen = true;
        d.moves.clear();

        // When a worker joins the frozen domain
        d.join(D, null);
        d.settle();

        // Then it gets nothing
        assertThat(d.counts()).doesNotContainKey(D);
        assertThat(d.revokes).isZero();

        // When A leaves, its ten go to the least loaded: D first
        d.leave(A);
        d.settle();
        assertThat(d.counts()).containsOnlyKeys(B, C, D);
        assertThat(d.counts().get(D)).isEqualTo(10L);
        assertThat(d.revokes).isZero();

        // And once the freeze ends, balance resumes
        d.frozen = false;
        d.settle();
        assertThat(d.counts()).containsValues(10L, 10L, 10L);
    }

    @Test
    void aRollingRestartOntoNewWorkersOfANewVersionMovesEachPartitionOnce() {
        // Given six workers of version 1.9 sharing 60 partitions
        PlannedDomain d = new PlannedDomain(60, 1);
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            old.add(id("a", i));
            d.join(id("a", i), "1.9");
        }
        d.settle();
        d.moves.clear();

        // When each is replaced in turn: a new worker of 1.10 starts, then the old one drains and leaves
        for (int i = 0; i < 6; i++) {
            d.join(id("b", i), "1.10");
            d.settle();
            d.drain(old.get(i));
            d.settle();
            d.leave(old.get(i));
            d.settle();
        }

        // Then every partition moved exactly once, and the new workers hold ten each
        assertThat(d.moves).hasSize(60);
        assertThat(d.maxMovesPerPartition()).isEqualTo(1);
        assertThat(d.counts().values()).containsOnly(10L).hasSize(6);
        assertThat(d.violations).isEmpty();
    }

    @Test
    void withoutVersionsTheSameRestartMovesPartitionsMoreThanOnce() {
        // The comparison for the test above: no version announced, so no rollout is seen.
        PlannedDomain d = domain(60, 1, id("a", 0), id("a", 1), id("a", 2), id("a", 3), id("a", 4), id("a", 5));
        d.moves.clear();
        for (int i = 0; i < 6; i++) {
            d.join(id("b", i), null);
            d.settle();
            d.drain(id("a", i));
            d.settle();
            d.leave(id("a", i));
            d.settle();
        }
        assertThat(d.totalMoves()).isGreaterThan(60);
    }

    @Test
    void duringARolloutPartitionsThatMustMoveGoToTheNewestVersion() {
        PlannedDomain d = new PlannedDomain(12, 1);
        d.join(A, "2.0.0");
        d.join(B, "2.0.0");
        d.settle();
        d.join(C, "2.1.0-rc1");
        d.join(D, "2.1.0");
        d.settle();
        // A rollout: nobody moves for balance
        assertThat(d.counts()).containsOnlyKeys(A, B);

        d.leave(A);
        d.settle();

        assertThat(d.counts()).containsEntry(B, 6L).containsEntry(D, 6L).doesNotContainKey(C);
    }

    @Test
    void aWorkerQueuedToDrainIsAsCordoned() {
        PlannedDomain d = domain(20, 1, A, B, C, D);
        d.drain(A);
        d.drain(B);
        d.round();
        assertThat(d.modes()).containsEntry(A, WorkerMode.DRAINING).containsEntry(B, WorkerMode.DRAIN_QUEUED);
        List<String> ofA = d.rows.entrySet().stream()
                .filter(e -> A.equals(e.getValue().owner()))
                .map(Map.Entry::getKey)
                .toList();

        // When A's handoff completes (and B's drain starts in the same round)
        d.round();

        // Then none of A's partitions went to B, which was waiting to drain
        assertThat(ofA)
                .hasSize(5)
                .allSatisfy(key -> assertThat(d.rows.get(key).owner()).isIn(C, D));
        assertThat(d.modes()).containsEntry(A, WorkerMode.DRAINED).containsEntry(B, WorkerMode.DRAINING);
        assertThat(d.violations).isEmpty();
    }
}
