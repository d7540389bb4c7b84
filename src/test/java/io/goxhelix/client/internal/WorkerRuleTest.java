package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerRuleTest {

    private static final PartitionRef Q0 = new PartitionRef("q", 0);
    private static final PartitionRef Q1 = new PartitionRef("q", 1);
    private static final PartitionRef R0 = new PartitionRef("r", 0);

    private static Messages.Snapshot snapshot(long version, AssignedPartition... partitions) {
        return new Messages.Snapshot("d", "w", version, List.of(partitions));
    }

    @Test
    void allowsTheLatestSnapshotOnlyWhileItIsCurrentAndTheLeaseRuns() {
        Messages.Snapshot v3 = snapshot(3, new AssignedPartition("q", 0, 5));
        assertThat(WorkerRule.allowed(v3, 3, true)).isEqualTo(Map.of(Q0, 5L));
        assertThat(WorkerRule.allowed(v3, 2, true)).isEqualTo(Map.of(Q0, 5L));
        assertThat(WorkerRule.allowed(v3, 4, true))
                .as("(b) a newer version was announced")
                .isEmpty();
        assertThat(WorkerRule.allowed(v3, 3, false)).as("(c) the lease ran out").isEmpty();
        assertThat(WorkerRule.allowed(null, 0, true)).as("(a) no snapshot yet").isEmpty();
    }

    @Test
    void aLeaseRunsStrictlyBeforeItsDeadlineEvenAcrossTheClocksWrap() {
        assertThat(WorkerRule.running(true, 100, 99)).isTrue();
        assertThat(WorkerRule.running(true, 100, 100)).isFalse();
        assertThat(WorkerRule.running(false, 100, 0)).isFalse();
        assertThat(WorkerRule.running(true, Long.MIN_VALUE + 5, Long.MAX_VALUE - 5))
                .isTrue();
        assertThat(WorkerRule.running(true, Long.MAX_VALUE - 5, Long.MIN_VALUE + 5))
                .isFalse();
    }

    @Test
    void changeRevokesWhatGoesAndAssignsWhatComes() {
        WorkerRule.Change c = WorkerRule.change(Map.of(Q0, 1L, Q1, 1L), Map.of(Q1, 1L, R0, 4L));
        assertThat(c.revoked()).containsExactly(Q0);
        assertThat(c.assigned()).containsExactly(new AssignedPartition("r", 0, 4));
        assertThat(c.held()).isEqualTo(Map.of(Q1, 1L, R0, 4L));
    }

    @Test
    void aNewEpochIsARevocationAndAGrant() {
        WorkerRule.Change c = WorkerRule.change(Map.of(Q0, 1L), Map.of(Q0, 2L));
        assertThat(c.revoked()).containsExactly(Q0);
        assertThat(c.assigned()).containsExactly(new AssignedPartition("q", 0, 2));
    }

    @Test
    void nothingChangesWhenNothingChanged() {
        assertThat(WorkerRule.change(Map.of(Q0, 1L), Map.of(Q0, 1L)).isEmpty()).isTrue();
        assertThat(WorkerRule.change(Map.of(), Map.of()).isEmpty()).isTrue();
    }

    @Test
    void callbackSetsAreSorted() {
        WorkerRule.Change c = WorkerRule.change(
                Map.of(R0, 1L, Q1, 1L, Q0, 1L),
                Map.of(new PartitionRef("b", 2), 1L, new PartitionRef("a", 10), 1L, new PartitionRef("a", 9), 1L));
        assertThat(c.revoked()).containsExactly(Q0, Q1, R0);
        assertThat(c.assigned()).extracting(AssignedPartition::toString).containsExactly("a/9@1", "a/10@1", "b/2@1");
    }
}
