package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeDistancesTest {

    // Nodes: workers w0 = 0 and w1 = 1, queues a = 2 and b = 3, R = 4.
    private static final List<QueueSpec> QUEUES = List.of(queue("a", 1), queue("b", 1));
    private static final List<WorkerSpec> WORKERS = List.of(worker("w0", "a", "b"), worker("w1", "a", "b"));
    private static final int A = 2;
    private static final int B = 3;
    private static final int R = 4;

    @Test
    void givingUpAnExtraWhereTheWorkerIsPreferredCostsOneAndOtherStepsNothing() {
        // w0 holds a's partition and has both extras; one of its two must go to w1, so R is the source.
        var steps = AllocationSteps.of(input(QUEUES, WORKERS, "a", new String[] {"w0"}));
        steps.quotas().grant(steps.edge("a", "w0"));
        steps.quotas().grant(steps.edge("b", "w0"));
        var distances = new ExchangeDistances(steps.serving(), steps.quotas(), 1);

        distances.find(1, 0);

        assertThat(distances.negativeCycle()).isFalse();
        assertThat(distances.distance(R)).isZero();
        assertThat(distances.distance(0)).isZero();
        assertThat(distances.distance(A)).isEqualTo(1);
        assertThat(distances.distance(B)).isZero();
        assertThat(distances.distance(1)).isZero();
    }

    @Test
    void aWorkerAboveTheCeilingIsASourceAndUnreachableNodesStayUnreached() {
        var steps = AllocationSteps.of(AllocationInput.cold(QUEUES, WORKERS));
        steps.quotas().grant(steps.edge("a", "w0"));
        steps.quotas().grant(steps.edge("b", "w0"));
        // As if the share were 0: w0's total of 2 is above 0 + 1, and every slot is taken.
        var distances = new ExchangeDistances(steps.serving(), steps.quotas(), 0);

        distances.find(1, 1);

        assertThat(distances.distance(0)).isZero();
        assertThat(distances.distance(A)).isZero();
        assertThat(distances.distance(1)).isZero();
        assertThat(distances.distance(R)).isZero();

        var none = AllocationSteps.of(AllocationInput.cold(QUEUES, WORKERS));
        var unreached = new ExchangeDistances(none.serving(), none.quotas(), 0);
        unreached.find(0, 0);
        for (int node = 0; node <= R; node++) {
            assertThat(unreached.distance(node)).isEqualTo(ExchangeDistances.UNREACHED);
        }
    }

    @Test
    void findsTheNegativeCycleOfAnExtraGivenPastAPreferredWorker() {
        // w1 holds b's partition but w0 got b's extra: w1 taking it back from w0 saves a move for free.
        var steps = AllocationSteps.of(input(QUEUES, WORKERS, "a", new String[] {"w0"}, "b", new String[] {"w1"}));
        steps.quotas().grant(steps.edge("a", "w0"));
        steps.quotas().grant(steps.edge("b", "w0"));
        var distances = new ExchangeDistances(steps.serving(), steps.quotas(), 1);

        distances.find(1, 0);

        assertThat(distances.negativeCycle()).isTrue();
    }
}
