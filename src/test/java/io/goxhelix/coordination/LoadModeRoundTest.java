package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A round of a domain in load mode: what the balancer moves, from the loads the owners report. */
class LoadModeRoundTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";
    private static final String C = "cccccccc-0000-0000-0000-000000000000";
    private static final List<QueueSpec> QUEUES = List.of(new QueueSpec("q", 12));

    /** 12 partitions, 4 per worker (count-balanced): A's weigh 5 each, B's and C's 1. */
    private static List<PartitionRow> balancedByCount() {
        List<PartitionRow> rows = new ArrayList<>();
        String[] owners = {A, B, C};
        for (int p = 0; p < 12; p++) {
            rows.add(new PartitionRow("q", p, owners[p / 4], PartitionState.ASSIGNED, 1, 0));
        }
        return rows;
    }

    private static Map<String, LoadReport> reports() {
        Map<String, LoadReport> reports = new HashMap<>();
        String[] owners = {A, B, C};
        for (int w = 0; w < 3; w++) {
            Map<Integer, Double> loads = new HashMap<>();
            for (int p = w * 4; p < w * 4 + 4; p++) {
                loads.put(p, w == 0 ? 5.0 : 1.0);
            }
            reports.put(owners[w], new LoadReport(Map.of("q", loads)));
        }
        return reports;
    }

    private static List<WorkerRow> workers() {
        List<WorkerRow> rows = new ArrayList<>();
        for (String id : List.of(A, B, C)) {
            rows.add(new WorkerRow(id, Set.of("q"), true, false, 1, 1, false, false, Drain.NONE, null, null));
        }
        return rows;
    }

    private static RoundPlan round(Balancing balancing, boolean frozen) {
        return Rebalance.decide(
                new DomainState("d", QUEUES, workers(), balancedByCount(), frozen, balancing),
                1,
                LoadInputs.DEFAULT_SETTINGS);
    }

    private static List<Integer> revoked(RoundPlan plan) {
        return plan.partitions().stream()
                .filter(r -> r.state() == PartitionState.RELEASING)
                .map(PartitionRow::partition)
                .sorted()
                .toList();
    }

    @Test
    void countModeKeepsAnAssignmentThatIsBalancedByCount() {
        assertThat(round(Balancing.BY_COUNT, false).revokes()).isZero();
    }

    @Test
    void loadModeMovesTwoHeavyPartitionsOffTheOverloadedWorker() {
        // Total 28, share 9.33 each: A at 20 gives two partitions of 5 (to 10 and 9 and 9), within 10 %.
        RoundPlan plan = round(Balancing.byLoad(0.10, reports(), Map.of()), false);

        assertThat(plan.revokes()).isEqualTo(2);
        assertThat(revoked(plan)).allMatch(p -> p < 4);
        assertThat(plan.partitions())
                .filteredOn(r -> r.state() == PartitionState.RELEASING)
                .allMatch(r -> r.owner().equals(A));
    }

    @Test
    void aWiderToleranceMovesLess() {
        // A band of 100 %: A at 20 is above twice its share (18.67) until it gives one partition (15).
        assertThat(round(Balancing.byLoad(1.0, reports(), Map.of()), false).revokes())
                .isEqualTo(1);
    }

    @Test
    void partitionsMovedRecentlyStayWhileOthersCanGo() {
        RoundPlan plan = round(Balancing.byLoad(0.10, reports(), Map.of("q", Map.of(0, 1_000L, 1, 2_000L))), false);

        assertThat(revoked(plan)).containsExactly(2, 3);
    }

    @Test
    void aFreezeStopsLoadMovesToo() {
        assertThat(round(Balancing.byLoad(0.10, reports(), Map.of()), true).revokes())
                .isZero();
    }

    @Test
    void withoutReportsEveryPartitionIsPresumedAverage() {
        assertThat(round(Balancing.byLoad(0.10, Map.of(), Map.of()), false).revokes())
                .isZero();
    }

    @Test
    void anUnreportedPartitionCountsAsTheMeanOfTheReportedOnes() {
        // Only A reports (5 each): B's and C's partitions are presumed 5 as well, so all are even.
        Map<String, LoadReport> onlyA = Map.of(A, reports().get(A));
        assertThat(round(Balancing.byLoad(0.10, onlyA, Map.of()), false).revokes())
                .isZero();
    }
}
