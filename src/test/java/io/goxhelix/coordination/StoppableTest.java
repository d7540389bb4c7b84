package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoppableTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";

    private static WorkerRow worker(String id, Set<String> queues, Drain drain, boolean cordoned) {
        return WorkerRow.builder(id, queues)
                .versions(1, 1)
                .cordoned(cordoned)
                .drain(drain)
                .build();
    }

    private static PartitionRow owned(String queue, int p, String owner) {
        return new PartitionRow(queue, p, owner, PartitionState.ASSIGNED, 1, 0);
    }

    private static final List<QueueSpec> QUEUES = List.of(new QueueSpec("orders", 2), new QueueSpec("mail", 1));

    /** A serves orders and holds one of its partitions; B serves both and holds the rest. */
    private static DomainState aServesOrdersBServesBoth() {
        return new DomainState(
                "d",
                QUEUES,
                List.of(
                        worker(A, Set.of("orders"), Drain.NONE, false),
                        worker(B, Set.of("orders", "mail"), Drain.NONE, false)),
                List.of(owned("orders", 0, A), owned("orders", 1, B), owned("mail", 0, B)));
    }

    @Test
    void aWorkerWhoseQueuesOthersServeMayStop() {
        DomainState s = aServesOrdersBServesBoth();

        Stoppable.Verdict v = Stoppable.assess(s, A, 1);

        assertThat(v.stoppable()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.partitions()).isEqualTo(1);
    }

    @Test
    void theLastWorkerOfAQueueMayNotStopAndSaysWhy() {
        DomainState s = aServesOrdersBServesBoth();

        Stoppable.Verdict v = Stoppable.assess(s, B, 1);

        assertThat(v.stoppable()).isFalse();
        assertThat(v.reasons())
                .containsExactly(
                        "queue mail would be left without a worker; its 1 partitions held here would be handed to nobody");
    }

    @Test
    void aCordonedOrDrainingPeerDoesNotCountAsSomeoneToTakeOver() {
        DomainState s = new DomainState(
                "d",
                QUEUES,
                List.of(worker(A, Set.of("orders"), Drain.NONE, false), worker(B, Set.of("orders"), Drain.NONE, true)),
                List.of(owned("orders", 0, A), owned("orders", 1, B)));

        assertThat(Stoppable.assess(s, A, 1).reasons())
                .singleElement()
                .asString()
                .contains("queue orders");
    }

    @Test
    void aSpentDrainBudgetKeepsAWorkerThatHoldsPartitionsFromStopping() {
        String c = "cccccccc-0000-0000-0000-000000000000";
        DomainState s = new DomainState(
                "d",
                List.of(new QueueSpec("orders", 3)),
                List.of(
                        worker(A, Set.of("orders"), Drain.DRAINING, false),
                        worker(B, Set.of("orders"), Drain.NONE, false),
                        worker(c, Set.of("orders"), Drain.NONE, false)),
                List.of(owned("orders", 0, A), owned("orders", 1, B), owned("orders", 2, c)));

        assertThat(Stoppable.assess(s, B, 1).reasons())
                .singleElement()
                .asString()
                .startsWith("drain budget spent: 1 of 1");
        assertThat(Stoppable.assess(s, B, 2).stoppable()).isTrue();
        // The draining worker itself: its drain is under way, and its queue has others
        assertThat(Stoppable.assess(s, A, 1).stoppable()).isTrue();
    }

    @Test
    void aDrainedOrUnknownWorkerMayAlwaysStop() {
        DomainState s = new DomainState(
                "d", QUEUES, List.of(worker(A, Set.of("orders", "mail"), Drain.DRAINED, false)), List.of());
        assertThat(Stoppable.assess(s, A, 1).stoppable()).isTrue();
        assertThat(Stoppable.assess(s, B, 1).stoppable()).isTrue();
    }
}
