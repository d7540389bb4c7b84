package io.goxhelix.allocation;

import static io.goxhelix.allocation.AllocationSteps.queue;
import static io.goxhelix.allocation.AllocationSteps.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ServingIndexTest {

    @Test
    void ranksWorkersByIdAndQueuesByNameWhateverTheInputOrder() {
        var input = AllocationInput.cold(
                List.of(queue("b", 1), queue("c", 1), queue("a", 1)),
                List.of(worker("w2", "a"), worker("w3", "a"), worker("w1", "a")));

        var serving = ServingIndex.of(input);

        assertThat(serving.workerIds()).containsExactly("w1", "w2", "w3");
        assertThat(serving.queues()).extracting(QueueSpec::name).containsExactly("a", "b", "c");
    }

    @Test
    void numbersEdgesQueueByQueueWithTheWorkersOfAQueueInRankOrder() {
        var input = AllocationInput.cold(
                List.of(queue("a", 4), queue("b", 4), queue("c", 4)),
                List.of(worker("w3", "a", "c"), worker("w1", "a", "b", "c"), worker("w2", "c")));

        var serving = ServingIndex.of(input);

        // a: w1 w3, b: w1, c: w1 w2 w3
        assertThat(serving.queueStart()).containsExactly(0, 2, 3, 6);
        assertThat(serving.edgeQueue()).containsExactly(0, 0, 1, 2, 2, 2);
        assertThat(serving.edgeWorker()).containsExactly(0, 2, 0, 0, 1, 2);
        // w1: a b c, w2: c, w3: a c
        assertThat(serving.workerStart()).containsExactly(0, 3, 4, 6);
        assertThat(serving.workerEdges()).containsExactly(0, 2, 3, 4, 1, 5);
        assertThat(serving.servers(0)).isEqualTo(2);
        assertThat(serving.servers(2)).isEqualTo(3);
    }

    @Test
    void leavesOutQueueNamesTheInputDoesNotKnow() {
        var input = AllocationInput.cold(
                List.of(queue("a", 3)), List.of(worker("w1", "a", "later"), worker("w2", "later")));

        var serving = ServingIndex.of(input);

        assertThat(serving.edgeCount()).isEqualTo(1);
        assertThat(serving.workerStart()).containsExactly(0, 1, 1);
        assertThat(serving.servers(0)).isEqualTo(1);
    }

    @Test
    void isHomogeneousWhenEveryQueueIsServedByAllWorkersOrByNone() {
        var queues = List.of(queue("a", 3), queue("b", 3), queue("nobody", 3));

        assertThat(ServingIndex.of(
                                AllocationInput.cold(queues, List.of(worker("w1", "a", "b"), worker("w2", "a", "b"))))
                        .homogeneous())
                .isTrue();
        assertThat(ServingIndex.of(AllocationInput.cold(queues, List.of(worker("w1", "a", "b"), worker("w2", "a"))))
                        .homogeneous())
                .isFalse();
        assertThat(ServingIndex.of(AllocationInput.cold(queues, List.of())).homogeneous())
                .isTrue();
    }

    @Test
    void refusesMoreThanAnIntOfPartitionsInAll() {
        var input =
                AllocationInput.cold(List.of(queue("a", Integer.MAX_VALUE), queue("b", 1)), List.of(worker("w1", "a")));

        assertThatThrownBy(() -> ServingIndex.of(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions in all");
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> scenarios() {
        return AllocationSteps.scenarios(false);
    }

    @Property
    void everyServingPairIsExactlyOneEdgeListedOnceForItsWorker(
            @ForAll("scenarios") AllocatorProperties.Scenario scenario) {
        var input = scenario.input();

        var serving = ServingIndex.of(input);

        Set<List<String>> expected = new HashSet<>();
        for (WorkerSpec worker : input.workers()) {
            for (QueueSpec queue : input.queues()) {
                if (worker.queues().contains(queue.name())) {
                    expected.add(List.of(queue.name(), worker.id()));
                }
            }
        }
        List<List<String>> edges = new ArrayList<>();
        for (int e = 0; e < serving.edgeCount(); e++) {
            int q = serving.edgeQueue()[e];
            assertThat(e).isBetween(serving.queueStart()[q], serving.queueStart()[q + 1] - 1);
            if (e > serving.queueStart()[q]) {
                assertThat(serving.edgeWorker()[e]).isGreaterThan(serving.edgeWorker()[e - 1]);
            }
            edges.add(List.of(serving.queues()[q].name(), serving.workerIds()[serving.edgeWorker()[e]]));
        }
        assertThat(edges).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        for (int w = 0; w < serving.workerCount(); w++) {
            for (int i = serving.workerStart()[w]; i < serving.workerStart()[w + 1]; i++) {
                int e = serving.workerEdges()[i];
                assertThat(serving.edgeWorker()[e]).isEqualTo(w);
                if (i > serving.workerStart()[w]) {
                    assertThat(serving.edgeQueue()[e]).isGreaterThan(serving.edgeQueue()[serving.workerEdges()[i - 1]]);
                }
            }
        }
    }
}
