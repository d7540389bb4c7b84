package io.goxhelix.client.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The self-fencing of a worker: it counts its lease shorter than the service does, so that it stops
 * holding its partitions (revokes everything and calls {@code onLeaseLost}) before the service could
 * give them to another worker.
 *
 * <p>Each heartbeat answered 200 moves the deadline to that heartbeat's <em>sending</em> time plus the
 * lease minus the safety margin: the service cannot have renewed the lease before the heartbeat left,
 * so counting from then errs on the short side. A timer armed for the deadline, and the worker's
 * watchdog (for lease clocks that do not follow real time), call {@link #check()}, which reports a lease
 * that ran out; {@link #observe()} tells the worker so once. Confined to the control thread.
 */
final class LeaseFence {

    /** The lease at one moment: whether it runs, and whether it stopped running since last observed. */
    record Observation(boolean running, boolean lost) {}

    private final LongSupplier clock;
    private final UnaryOperator<Duration> safetyMargin;
    private final Timers timers;
    private final Runnable ranOut;
    private Lease lease = Lease.NONE;
    private long sentAt;
    private boolean running;
    private Future<?> timer;

    /**
     * @param clock the lease clock, in nanoseconds
     * @param safetyMargin the margin for a lease of a given length
     * @param ranOut called (on the control thread) when {@link #check()} finds the lease ran out
     */
    LeaseFence(LongSupplier clock, UnaryOperator<Duration> safetyMargin, Timers timers, Runnable ranOut) {
        this.clock = clock;
        this.safetyMargin = safetyMargin;
        this.timers = timers;
        this.ranOut = ranOut;
    }

    /** The lease now, to publish with what the application holds. */
    Lease lease() {
        return lease;
    }

    /** A heartbeat sent at {@code sentAt} (lease clock) was answered with a lease of {@code timeout}. */
    void renewed(long sentAt, Duration timeout) {
        if (lease.granted() && sentAt - this.sentAt <= 0) {
            return; // answers may come out of order: an older heartbeat proves less than the newest did
        }
        this.sentAt = sentAt;
        lease = new Lease(
                true, sentAt + timeout.toNanos() - safetyMargin.apply(timeout).toNanos());
        ControlThread.cancel(timer);
        timer = timers.after(Math.max(0, lease.deadline() - clock.getAsLong()), this::check);
    }

    /** Whether the lease runs now; {@code lost} the first time it is observed not to, after running. */
    Observation observe() {
        boolean now = lease.runsAt(clock.getAsLong());
        boolean lost = running && !now;
        running = now;
        return new Observation(now, lost);
    }

    /** Calls {@code ranOut} if the lease last observed running has run out since. */
    void check() {
        if (running && !lease.runsAt(clock.getAsLong())) {
            ranOut.run();
        }
    }

    /** Forgets the lease without counting it lost: the worker starts over, and registers again. */
    void drop() {
        lease = Lease.NONE;
        running = false;
        ControlThread.cancel(timer);
    }
}
