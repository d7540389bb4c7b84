package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the application is shown: never an epoch it does not hold. */
class HoldingsTest {

    private static final PartitionRef Q0 = new PartitionRef("q", 0);
    private static final PartitionRef Q1 = new PartitionRef("q", 1);
    private static final Lease RUNNING = new Lease(true, 1_000);

    private final AtomicLong clock = new AtomicLong();
    private final Holdings holdings = new Holdings(clock::get);

    @Test
    void aGrantIsShownOnlyOnceOnAssignedReturned() {
        change(Map.of(Q0, 1L, Q1, 1L));
        assertThat(holdings.granted()).isEqualTo(Map.of(Q0, 1L, Q1, 1L));
        assertThat(holdings.visible()).isEmpty();

        holdings.show(Set.of(new AssignedPartition("q", 0, 1), new AssignedPartition("q", 1, 1)));

        assertThat(holdings.visible()).isEqualTo(Map.of(Q0, 1L, Q1, 1L));
    }

    @Test
    void aRevocationLeavesTheViewAtOnce() {
        change(Map.of(Q0, 1L, Q1, 1L));
        holdings.show(Set.of(new AssignedPartition("q", 0, 1), new AssignedPartition("q", 1, 1)));

        change(Map.of(Q1, 1L));

        assertThat(holdings.visible()).isEqualTo(Map.of(Q1, 1L));
    }

    @Test
    void aGrantRevokedOrReplacedBeforeOnAssignedReturnedIsNotShown() {
        change(Map.of(Q0, 1L, Q1, 1L));
        change(Map.of(Q1, 2L));

        holdings.show(Set.of(new AssignedPartition("q", 0, 1), new AssignedPartition("q", 1, 1)));
        assertThat(holdings.visible()).isEmpty();

        holdings.show(Set.of(new AssignedPartition("q", 1, 2)));
        assertThat(holdings.visible()).isEqualTo(Map.of(Q1, 2L));
    }

    @Test
    void nothingIsVisibleOnceTheLeaseRanOutEvenBeforeTheWorkerNoticed() {
        change(Map.of(Q0, 1L));
        holdings.show(Set.of(new AssignedPartition("q", 0, 1)));
        clock.set(999);
        assertThat(holdings.visible()).isEqualTo(Map.of(Q0, 1L));

        clock.set(1_000);

        assertThat(holdings.visible()).isEmpty();
        assertThat(holdings.granted()).isEqualTo(Map.of(Q0, 1L));
    }

    private void change(Map<PartitionRef, Long> allowed) {
        holdings.apply(WorkerRule.change(holdings.granted(), allowed), RUNNING);
    }
}
