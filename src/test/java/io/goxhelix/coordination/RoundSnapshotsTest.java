package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundSnapshotsTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";
    private static final String C = "cccccccc-0000-0000-0000-000000000000";
    private static final String D = "dddddddd-0000-0000-0000-000000000000";

    private static PartitionRow assigned(String queue, int p, String owner, long epoch) {
        return new PartitionRow(queue, p, owner, PartitionState.ASSIGNED, epoch, 0);
    }

    private static WorkerRow worker(String id) {
        return WorkerRow.builder(id, Set.of("a", "b")).versions(4, 4).build();
    }

    @Test
    void eachMovedWorkerGetsWhatItIsAssignedOnceThePlanIsWritten() {
        // Given a domain where A holds a/9 and a/10, B holds b/0, C (whose lease ran out) holds a/3 and D holds a/4
        DomainState state = new DomainState(
                "d",
                List.of(new QueueSpec("a", 11), new QueueSpec("b", 2)),
                List.of(worker(A), worker(B), worker(C), worker(D)),
                List.of(
                        assigned("a", 10, A, 7),
                        assigned("a", 9, A, 2),
                        assigned("b", 0, B, 1),
                        assigned("a", 3, C, 5),
                        assigned("a", 4, D, 3),
                        PartitionRow.unassigned("a", 2, 8)));
        // And a plan that revokes a/10 from A, grants a/2 to B and expires C, whose partition it frees
        RoundPlan plan = new RoundPlan(
                "d",
                List.of(
                        new PartitionRow("a", 10, A, PartitionState.RELEASING, 7, 5),
                        assigned("a", 2, B, 9),
                        PartitionRow.unassigned("a", 3, 5)),
                List.of(new WorkerChange(A, 5, false), new WorkerChange(B, 5, false), new WorkerChange(C, 5, true)),
                1,
                1,
                0,
                1);

        // When the snapshots of the round are derived
        Map<String, List<PartitionRow>> snapshots = RoundSnapshots.of(state, plan);

        // Then the moved workers get their assigned partitions sorted by queue, then partition number,
        // the expired one gets nothing, and the unmoved one is not part of it
        assertThat(snapshots).containsOnlyKeys(A, B, C);
        assertThat(snapshots.get(A)).containsExactly(assigned("a", 9, A, 2));
        assertThat(snapshots.get(B)).containsExactly(assigned("a", 2, B, 9), assigned("b", 0, B, 1));
        assertThat(snapshots.get(C)).isEmpty();
    }

    @Test
    void anExpiredWorkerGetsAnEmptySnapshotEvenBeforeItsRowsAreFreed() {
        // Given C, whose lease ran out, still holding a/0 in a plan that does not touch that row
        DomainState state = new DomainState(
                "d", List.of(new QueueSpec("a", 1)), List.of(worker(C)), List.of(assigned("a", 0, C, 1)));
        RoundPlan plan = new RoundPlan("d", List.of(), List.of(new WorkerChange(C, 5, true)), 0, 0, 0, 1);

        // Then its snapshot is empty
        assertThat(RoundSnapshots.of(state, plan)).containsExactly(Map.entry(C, List.of()));
    }

    @Test
    void aRoundThatMovesNoWorkerHasNoSnapshots() {
        DomainState state = new DomainState(
                "d", List.of(new QueueSpec("a", 1)), List.of(worker(A)), List.of(assigned("a", 0, A, 1)));

        assertThat(RoundSnapshots.of(state, new RoundPlan("d", List.of(), List.of(), 0, 0, 0, 0)))
                .isEmpty();
    }
}
