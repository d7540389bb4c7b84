package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The round's one decision: hold a fresh domain while workers arrive, else a plan with its snapshots. */
class RoundDeciderTest {

    private static final long MS = 1_000_000;
    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";

    private static DomainState fresh(String... workers) {
        List<WorkerRow> rows = java.util.Arrays.stream(workers)
                .map(id -> WorkerRow.builder(id, Set.of("q")).versions(1, 0).build())
                .toList();
        return new DomainState("d", List.of(new QueueSpec("q", 4)), rows, List.of());
    }

    @Test
    void aFreshDomainIsHeldUntilItsWorkersStopArriving() {
        // Given a decider with a 200 ms initial delay
        RoundDecider decider = new RoundDecider(200 * MS);

        // When the first worker arrives at t = 1 s
        RoundDecision first = decider.decide(fresh(A), 1000 * MS);

        // Then the round holds until 200 ms after that arrival, writing nothing
        assertThat(first).isEqualTo(new RoundDecision.Hold(1200 * MS));
        // And once no worker has come for the delay, the plan grants everything in one round
        RoundDecision later = decider.decide(fresh(A), 1200 * MS);
        assertThat(later).isInstanceOf(RoundDecision.Plan.class);
        RoundDecision.Plan plan = (RoundDecision.Plan) later;
        assertThat(plan.plan().grants()).isEqualTo(4);
        assertThat(plan.snapshots().get(A)).hasSize(4);
    }

    @Test
    void thePlanIsTheRebalanceAndItsSnapshotsAreThoseOfTheWorkersItMoves() {
        // Given no initial delay and two fresh workers
        RoundDecider decider = new RoundDecider(0);
        DomainState state = fresh(A, B);

        // When the round decides
        RoundDecision.Plan plan = (RoundDecision.Plan) decider.decide(state, 0);

        // Then it is exactly what Rebalance and RoundSnapshots give for that state
        RoundPlan expected = Rebalance.decide(state);
        assertThat(plan.plan()).isEqualTo(expected);
        assertThat(plan.snapshots()).isEqualTo(RoundSnapshots.of(state, expected));
        assertThat(plan.snapshots().keySet()).containsExactlyInAnyOrder(A, B);
        assertThat(plan.snapshots().get(A).size() + plan.snapshots().get(B).size())
                .isEqualTo(4);
    }
}
