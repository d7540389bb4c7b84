package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.input;
import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExtraGrantsTest {

    @Test
    void uncontestedGrantsGoFirstSoThatAContestedQueueComparesTheirTotals() {
        // c: w1 and w2 both hold above the floor for one extra; x and y: only w1 does, so it gets
        // theirs, which puts it above w2 (whose base is one higher, from m) before c is decided.
        var input = input(
                List.of(queue("c", 4), queue("m", 1), queue("x", 4), queue("y", 4)),
                List.of(worker("w1", "c", "x", "y"), worker("w2", "c", "m", "x", "y"), worker("w3", "c", "x", "y")),
                "c",
                new String[] {"w1", "w1", "w2", "w2"},
                "x",
                new String[] {"w1", "w1", "w2", "w3"},
                "y",
                new String[] {"w1", "w1", "w2", "w3"});
        var steps = AllocationSteps.of(input);

        steps.grantExtras();

        assertThat(steps.quotas().hasExtra(steps.edge("x", "w1"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("y", "w1"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("c", "w2"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("c", "w1"))).isFalse();
        assertThat(List.of(steps.total("w1"), steps.total("w2"), steps.total("w3")))
                .containsExactly(5, 5, 3);
    }

    @Test
    void extrasNoPreferredWorkerTakesGoToTheLowestTotal() {
        var input = input(
                List.of(queue("a", 3), queue("b", 1)),
                List.of(worker("w1", "a", "b"), worker("w2", "a", "b")),
                "a",
                new String[] {"w1", "w1", "w2"});
        var steps = AllocationSteps.of(input);

        steps.grantExtras();

        assertThat(steps.quotas().hasExtra(steps.edge("a", "w1"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("b", "w2"))).isTrue();
        assertThat(steps.quotas().hasExtra(steps.edge("b", "w1"))).isFalse();
    }

    @Test
    void tiesAreBrokenByARotationOfTheQueueNameSoSmallQueuesDoNotAllFavourTheFirstWorker() {
        Set<Integer> receivers = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String name = "queue-" + i;
            int receiver = receiverOfOnePartition(name, "w");
            assertThat(receiverOfOnePartition(name, "other-")).as(name).isEqualTo(receiver);
            receivers.add(receiver);
        }

        assertThat(receivers).hasSizeGreaterThanOrEqualTo(5);
    }

    /** The rank of the one of ten workers that gets the only partition of a fresh queue. */
    private static int receiverOfOnePartition(String queue, String idPrefix) {
        var workers = new ArrayList<WorkerSpec>();
        for (int w = 0; w < 10; w++) {
            workers.add(worker(idPrefix + w, queue));
        }
        var steps = AllocationSteps.of(AllocationInput.cold(List.of(queue(queue, 1)), workers));
        steps.grantExtras();
        for (int e = 0; e < steps.serving().edgeCount(); e++) {
            if (steps.quotas().hasExtra(e)) {
                return steps.serving().edgeWorker()[e];
            }
        }
        throw new AssertionError("nobody got the extra of " + queue);
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> scenarios() {
        return AllocationSteps.scenarios(false);
    }

    @Property
    void everyQueueGetsExactlyItsExtrasPreferredWorkersFirst(
            @ForAll("scenarios") AllocatorProperties.Scenario scenario) {
        var steps = AllocationSteps.of(scenario.input());
        var quotas = steps.quotas();

        steps.grantExtras();

        for (int q = 0; q < steps.serving().queueCount(); q++) {
            int extras = steps.count(q, quotas::hasExtra);
            int preferred = steps.count(q, quotas::preferred);
            int preferredWithExtra = steps.count(q, e -> quotas.preferred(e) && quotas.hasExtra(e));
            assertThat(extras).isEqualTo(quotas.extras(q));
            assertThat(preferredWithExtra).isEqualTo(Math.min(preferred, extras));
        }
    }
}
