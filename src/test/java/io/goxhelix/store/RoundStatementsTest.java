package io.goxhelix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.coordination.WorkerRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text of a round's bulk writes: chunked, checked, in lock order. */
class RoundStatementsTest {

    private static String id(int i) {
        return String.format("%08x-0000-0000-0000-000000000000", i);
    }

    @Test
    void partitionRowsAreUpsertedTwoThousandToAStatementUnderTheTerm() {
        List<PartitionRow> rows = new ArrayList<>();
        for (int p = 0; p < 4001; p++) {
            rows.add(new PartitionRow("q", p, id(1), PartitionState.ASSIGNED, 3, 0));
        }
        RoundPlan plan = new RoundPlan("d", rows, List.of(), rows.size(), 0, 0, 0);

        List<String> sql = RoundStatements.upsertPartitions(plan, 7);

        assertThat(sql).hasSize(3);
        assertThat(sql.get(0))
                .startsWith("INSERT INTO partitions")
                .contains("('d', 'q', 0, '" + id(1) + "', 'ASSIGNED', 3, 0, 7)");
        assertThat(sql.get(2)).contains("'q', 4000,").doesNotContain("'q', 3999,");
    }

    @Test
    void workersAreMovedInIdOrderEachOnlyFromTheVersionTheRoundRead() {
        DomainState state = new DomainState(
                "d",
                List.of(new QueueSpec("q", 1)),
                List.of(
                        WorkerRow.builder(id(2), Set.of("q"))
                                .versions(5, 5)
                                .leaseExpired(true)
                                .build(),
                        WorkerRow.builder(id(1), Set.of("q")).versions(9, 8).build()),
                List.of());
        RoundPlan plan = new RoundPlan(
                "d",
                List.of(),
                List.of(new WorkerChange(id(2), 6, true), new WorkerChange(id(1), 10, false)),
                0,
                0,
                0,
                1);

        List<RoundStatements.Checked> sql = RoundStatements.moveWorkers(state, plan, 2_000_000);

        assertThat(sql).hasSize(1);
        assertThat(sql.get(0).rows()).isEqualTo(2);
        assertThat(sql.get(0).sql())
                .contains("(worker_id, version) IN (('" + id(1) + "', 9), ('" + id(2) + "', 5))")
                .contains("live = worker_id NOT IN ('" + id(2) + "')")
                .contains("INTERVAL 2000000 MICROSECOND")
                .endsWith("ORDER BY worker_id");
    }

    @Test
    void aPlanThatSkipsAVersionIsADefectNotAWrite() {
        DomainState state = new DomainState(
                "d",
                List.of(),
                List.of(WorkerRow.builder(id(1), Set.of("q")).versions(9, 8).build()),
                List.of());
        RoundPlan plan = new RoundPlan("d", List.of(), List.of(new WorkerChange(id(1), 11, false)), 0, 0, 0, 0);

        assertThatThrownBy(() -> RoundStatements.moveWorkers(state, plan, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moved to version 11 from 9");
    }
}
