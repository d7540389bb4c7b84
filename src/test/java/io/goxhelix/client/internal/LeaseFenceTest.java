package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lease fence on a clock of the test's own, with timers that fire when the test says. */
class LeaseFenceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong();
    private final FakeTimers timers = new FakeTimers();
    private final AtomicInteger ranOut = new AtomicInteger();
    private final LeaseFence fence =
            new LeaseFence(clock::get, lease -> Duration.ofSeconds(1), timers, ranOut::incrementAndGet);

    @Test
    void runsFromTheSendingOfTheHeartbeatLessTheMarginAndIsLostOnce() {
        // Given a heartbeat sent at 2 s and answered at 5 s with a 10 s lease (margin 1 s)
        clock.set(5 * SECOND);
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(false, false));
        fence.renewed(2 * SECOND, LEASE);

        // Then the lease runs until 11 s, not 14 s (the answer) nor 12 s (the service's count)
        assertThat(fence.lease()).isEqualTo(new Lease(true, 11 * SECOND));
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(true, false));
        clock.set(11 * SECOND - 1);
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(true, false));

        // And at 11 s it is lost, which is reported once
        clock.set(11 * SECOND);
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(false, true));
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(false, false));
    }

    @Test
    void itsTimerIsArmedForTheDeadlineAndReportsTheLeaseRanOut() {
        clock.set(5 * SECOND);
        fence.renewed(2 * SECOND, LEASE);
        fence.observe();
        assertThat(timers.delays).containsExactly(6 * SECOND);

        // A timer that fires while the lease clock says it still runs reports nothing
        timers.fireLast();
        assertThat(ranOut).hasValue(0);

        // One that fires once it ran out reports it
        clock.set(11 * SECOND);
        timers.fireLast();
        assertThat(ranOut).hasValue(1);
    }

    @Test
    void aTimerArmedPastTheDeadlineFiresAtOnce() {
        clock.set(20 * SECOND);
        fence.renewed(2 * SECOND, LEASE);
        assertThat(timers.delays).containsExactly(0L);
    }

    @Test
    void onlyANewerHeartbeatMovesTheDeadline() {
        fence.renewed(3 * SECOND, LEASE);
        fence.renewed(2 * SECOND, LEASE); // answered late
        fence.renewed(3 * SECOND, Duration.ofSeconds(20)); // sent at the same time
        assertThat(fence.lease()).isEqualTo(new Lease(true, 12 * SECOND));
        assertThat(timers.armed).hasSize(1);

        fence.renewed(4 * SECOND, LEASE);
        assertThat(fence.lease()).isEqualTo(new Lease(true, 13 * SECOND));
        assertThat(timers.armed).hasSize(2);
        assertThat(timers.armed.get(0).isCancelled()).as("the earlier timer").isTrue();
    }

    @Test
    void countsAcrossTheClocksWrap() {
        long sent = Long.MAX_VALUE - SECOND;
        clock.set(sent);
        fence.renewed(sent, LEASE);
        fence.observe();
        clock.set(sent + 8 * SECOND); // wrapped to a negative value
        assertThat(fence.observe().running()).isTrue();

        fence.renewed(sent + 5 * SECOND, LEASE); // newer, though smaller as a number
        assertThat(fence.lease().deadline()).isEqualTo(sent + 14 * SECOND);
        clock.set(sent + 14 * SECOND);
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(false, true));
    }

    @Test
    void aDroppedLeaseIsNotReportedLost() {
        fence.renewed(0, LEASE);
        fence.observe();

        fence.drop();

        assertThat(fence.lease()).isEqualTo(Lease.NONE);
        assertThat(timers.armed.get(0).isCancelled()).isTrue();
        assertThat(fence.observe()).isEqualTo(new LeaseFence.Observation(false, false));
        fence.check();
        assertThat(ranOut).hasValue(0);

        // And the next answer grants a lease again, whatever its sending time
        fence.renewed(0, LEASE);
        assertThat(fence.observe().running()).isTrue();
    }

    @Test
    void checkReportsOnlyALeaseLastObservedRunning() {
        fence.check();
        fence.renewed(0, LEASE);
        clock.set(9 * SECOND);
        fence.check(); // granted, but the worker never saw it run: it held nothing under it
        assertThat(ranOut).hasValue(0);

        fence.renewed(SECOND, LEASE);
        fence.observe();
        clock.set(10 * SECOND);
        fence.check();
        assertThat(ranOut).hasValue(1);
        fence.observe();
        fence.check();
        assertThat(ranOut).as("once observed lost, it is not reported again").hasValue(1);
    }

    @Test
    void theDefaultMarginDependsOnTheLease() {
        WorkerOptions options = WorkerOptions.builder()
                .baseUri("http://localhost:8080")
                .domain("d")
                .queues("q")
                .build();
        LeaseFence fence = new LeaseFence(clock::get, options::safetyMarginFor, timers, () -> {});
        fence.renewed(0, Duration.ofMillis(1500));
        assertThat(fence.lease().deadline()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(750));
    }

    /** Timers that only record; the test fires them. */
    private static final class FakeTimers implements Timers {
        final List<Long> delays = new ArrayList<>();
        final List<CompletableFuture<Void>> armed = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public Future<?> after(long delayNanos, Runnable task) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            delays.add(delayNanos);
            armed.add(future);
            tasks.add(task);
            return future;
        }

        void fireLast() {
            int last = armed.size() - 1;
            if (!armed.get(last).isCancelled()) {
                tasks.get(last).run();
            }
        }
    }
}
