package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.testing.HoldingLog.Interval;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of violation, and only violations. */
class InvariantsTest {

    private static Interval held(String worker, long epoch, long start, long end) {
        return new Interval("q", 0, worker, epoch, start, end);
    }

    @Test
    void aHoldingThatBeginsBeforeAnotherEndsIsAnOverlap() {
        assertThat(Invariants.overlaps(List.of(held("a", 1, 0, 10), held("b", 2, 10, 20))))
                .isEmpty();
        assertThat(Invariants.overlaps(List.of(held("a", 1, 0, 10), held("b", 2, 9, 20))))
                .containsExactly("q/0: b took it while a held it");
    }

    @Test
    void anOverlapWithAnyEarlierHoldingCountsNotOnlyWithThePreviousOne() {
        // b's short holding inside a's long one ends before c starts, but a's has not.
        List<Interval> holdings = List.of(held("a", 1, 0, 100), held("b", 2, 10, 20), held("c", 3, 30, 40));

        assertThat(Invariants.overlaps(holdings))
                .containsExactly("q/0: b took it while a held it", "q/0: c took it while a held it");
    }

    @Test
    void epochsMustRiseAtEachNewHolderButAHolderMayResumeItsGrant() {
        assertThat(Invariants.epochs(List.of(held("a", 1, 0, 10), held("a", 1, 20, 30), held("b", 2, 30, 40))))
                .isEmpty();
        assertThat(Invariants.epochs(List.of(held("a", 2, 0, 10), held("b", 2, 10, 20))))
                .containsExactly("q/0: epoch 2 after 2");
        assertThat(Invariants.epochs(List.of(held("a", 3, 0, 10), held("b", 2, 10, 20), held("c", 3, 20, 30))))
                .hasSize(2);
    }

    @Test
    void aGrantNeverRepeatsAnEpochEvenToTheSameWorker() {
        List<Interval> grants = List.of(held("a", 1, 0, 0), held("a", 1, 5, 5));

        assertThat(Invariants.epochs(grants)).isEmpty();
        assertThat(Invariants.grantEpochs(grants)).containsExactly("q/0: epoch 1 after 1");
    }

    private static Layout layout(Map<String, Set<String>> workers, Map<String, String[]> owners) {
        return new Layout(Map.of("a", 3, "b", 2), workers, owners);
    }

    @Test
    void balanceIsCoveragePerQueueShareAndTotalsWithinOne() {
        Map<String, Set<String>> both = Map.of("w1", Set.of("a", "b"), "w2", Set.of("a", "b"));
        assertThat(Invariants.balance(
                        layout(both, Map.of("a", new String[] {"w1", "w2", "w2"}, "b", new String[] {"w1", "w2"}))))
                .isEmpty();
        // Each queue within one, the totals (1 and 4) not.
        assertThat(Invariants.balance(
                        layout(both, Map.of("a", new String[] {"w1", "w2", "w2"}, "b", new String[] {"w2", "w2"}))))
                .anyMatch(v -> v.startsWith("b: w1 owns 0"))
                .anyMatch(v -> v.startsWith("totals spread by 3"));
        // A free partition, an owner that does not serve the queue, a missing queue.
        assertThat(Invariants.coverage(layout(
                        Map.of("w1", Set.of("a"), "w2", Set.of("b")), Map.of("a", new String[] {"w1", null, "w2"}))))
                .containsExactlyInAnyOrder(
                        "b: no owner entries for 2 partitions",
                        "a/1: owner null, servers [w1]",
                        "a/2: owner w2, servers [w1]");
    }

    @Test
    void totalsNeedNotBeWithinOneWhenWorkersServeDifferentQueues() {
        Layout layout = new Layout(
                Map.of("a", 4, "b", 1),
                Map.of("w1", Set.of("a", "b"), "w2", Set.of("a")),
                Map.of("a", new String[] {"w1", "w1", "w2", "w2"}, "b", new String[] {"w1"}));

        assertThat(Invariants.balance(layout)).isEmpty();
        assertThat(Invariants.totalBalance(layout.withOwners(Map.of("a", new String[] {"w1", "w1", "w1", "w2"}))))
                .isEmpty();
    }

    @Test
    void movesAreCountedAgainstTheFewestThatBalanceNeeds() {
        Map<String, Set<String>> three = Map.of("w1", Set.of("a"), "w2", Set.of("a"), "w3", Set.of("a"));
        Layout current =
                new Layout(Map.of("a", 6), three, Map.of("a", new String[] {"w1", "w1", "w1", "w2", "w2", "w2"}));
        Map<String, String[]> fewest = Map.of("a", new String[] {"w1", "w1", "w3", "w2", "w2", "w3"});
        Map<String, String[]> more = Map.of("a", new String[] {"w3", "w3", "w1", "w2", "w2", "w1"});

        assertThat(Invariants.minimumMoves(current)).isEqualTo(2);
        assertThat(Invariants.moves(current, fewest)).isEqualTo(2);
        assertThat(Invariants.moves(current, more)).isEqualTo(3);
        assertThat(Invariants.onlyJoinerReceives(current.owners(), "w3", fewest))
                .isEmpty();
        assertThat(Invariants.onlyJoinerReceives(current.owners(), "w3", more))
                .containsExactly("a/5: w2 -> w1 after w3 joined");
        assertThat(Invariants.onlyLeaverMoved(current.owners(), "w1", more))
                .containsExactly("a/5: w2 -> w1 after w1 left");
    }
}
