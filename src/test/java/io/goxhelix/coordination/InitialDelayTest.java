package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hold on a domain's first assignment, on a clock the test moves by hand. */
class InitialDelayTest {

    private static final long MS = 1_000_000;

    private static DomainState state(int workers, boolean owned) {
        return state(workers, owned, List.of(new QueueSpec("q", 4)));
    }

    private static DomainState state(int workers, boolean owned, List<QueueSpec> queues) {
        List<WorkerRow> rows = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            rows.add(WorkerRow.builder("w" + i, Set.of("q")).versions(1, 0).build());
        }
        List<PartitionRow> partitions =
                owned ? List.of(new PartitionRow("q", 0, "w0", PartitionState.ASSIGNED, 1, 0)) : List.of();
        return new DomainState("d", queues, rows, partitions);
    }

    @Test
    void holdsWhileWorkersArriveThenGoesAhead() {
        InitialDelay delay = new InitialDelay(500 * MS);
        assertThat(delay.holdFor(state(1, false), 0)).isEqualTo(500 * MS);
        assertThat(delay.holdFor(state(2, false), 300 * MS)).isEqualTo(500 * MS);
        assertThat(delay.holdFor(state(2, false), 700 * MS)).isEqualTo(100 * MS);
        assertThat(delay.holdFor(state(2, false), 800 * MS)).isZero();
    }

    @Test
    void neverHoldsLongerThanTenDelaysAfterTheFirstWorker() {
        InitialDelay delay = new InitialDelay(100 * MS);
        long now = 0;
        int workers = 1;
        while (delay.holdFor(state(workers++, false), now) > 0) {
            now += 90 * MS;
        }
        assertThat(now).isBetween(1000 * MS, 1090 * MS);
    }

    @Test
    void aDomainThatOwnsAPartitionOrHasNoWorkerIsNeverHeld() {
        InitialDelay delay = new InitialDelay(500 * MS);
        assertThat(delay.holdFor(state(3, true), 0)).isZero();
        assertThat(delay.holdFor(state(0, false), 0)).isZero();
    }

    @Test
    void workersThatWaitedForTheQueueAreNotHeldWhenItComes() {
        InitialDelay delay = new InitialDelay(500 * MS);
        assertThat(delay.holdFor(state(2, false, List.of()), 0)).isZero();
        assertThat(delay.holdFor(state(3, false, List.of()), 100 * MS)).isZero();
        assertThat(delay.holdFor(state(3, false), 5000 * MS)).isZero();
        assertThat(delay.holdFor(state(3, false), 5001 * MS)).isZero();
    }

    @Test
    void zeroTurnsItOff() {
        assertThat(new InitialDelay(0).holdFor(state(3, false), 0)).isZero();
    }
}
