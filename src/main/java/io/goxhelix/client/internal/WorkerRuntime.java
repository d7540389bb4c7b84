package io.goxhelix.client.internal;

import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The machinery of one worker: it wires the {@link HeartbeatLoop}, the {@link SnapshotFollower}, the
 * {@link LeaseFence} and the {@link CallbackQueue}, and applies the worker rule whenever one of them
 * learns something.
 *
 * <p>Threads. All protocol state lives on one {@link ControlThread}: HTTP answers, stream events and
 * timers are handed to it, so none of that state needs a lock. Listener callbacks run on a second
 * single thread, in the order the control thread queued them. The stream reads on a third.
 * Applications read what they hold through {@link Holdings}, published for any thread.
 *
 * <p>Acknowledgement. Applying a snapshot queues, on the callback thread: the revocations, then a note
 * back to the control thread that the version is applied, then the grants. The note triggers the
 * acknowledging heartbeat, so the service learns of a revocation only after {@code onRevoked} returned
 * (and every earlier callback too, since they run in order).
 *
 * <p>Self-fencing. The lease fence counts the lease from the sending of the last answered heartbeat,
 * less the safety margin; a timer armed for its deadline, and a watchdog every 100 ms (for clocks that
 * do not follow real time), revoke everything when it passes without a newer answer.
 *
 * <p>Starting over. A heartbeat answered 409 means the service does not know what the worker
 * acknowledged (its database went back in time): the worker begins a new {@link Generation}, in which
 * it holds nothing, knows no version and has no lease, and registers again.
 */
public final class WorkerRuntime {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");
    private static final long WATCHDOG_MILLIS = 100;

    private final String who;
    private final Duration requestTimeout;
    private final ControlThread control;
    private final Generation generation = new Generation();
    private final Holdings holdings;
    private final CallbackQueue callbacks;
    private final LeaseFence fence;
    private final HeartbeatLoop heartbeats;
    private final SnapshotFollower follower;

    public WorkerRuntime(WorkerOptions options, PartitionListener listener) {
        String id = options.workerId();
        this.who = "worker " + id;
        this.requestTimeout = options.requestTimeout();
        this.control = new ControlThread(id, WorkerThreads.of(id, "control"));
        this.holdings = new Holdings(options.nanoTime());
        this.callbacks = new CallbackQueue(listener, holdings::show, id, WorkerThreads.of(id, "callbacks"));
        this.fence = new LeaseFence(options.nanoTime(), options::safetyMarginFor, control, () -> reconcile(-1));
        WorkerApi api = new WorkerApi(options);
        this.heartbeats = new HeartbeatLoop(
                options,
                api,
                control,
                generation,
                new Answers(),
                () -> holdings.visible().keySet());
        this.follower = new SnapshotFollower(
                options, api, control, generation, heartbeats::intervalNanos, s -> reconcile(s.version()));
    }

    /** Starts heartbeating and following the assignment. */
    public void start() {
        control.post(heartbeats::beat);
        control.every(WATCHDOG_MILLIS, this::watch);
        follower.start();
    }

    /** partition -> epoch of what the application holds now (empty once the lease ran out). */
    public Map<PartitionRef, Long> held() {
        return holdings.visible();
    }

    /** Whether the caller runs on the thread that delivers the listener's callbacks. */
    public boolean isCallbackThread() {
        return callbacks.isCallbackThread();
    }

    /**
     * Stops: revokes everything and waits for {@code onRevoked} to return, lets heartbeats in flight
     * finish, leaves ({@code DELETE}, with {@code ?restart=true} if {@code restart}), and ends the
     * threads. Blocks; never throws. Must not be called on the callback thread (it waits for it).
     */
    public void shutdown(boolean restart) {
        shutdown(restart, Duration.ZERO);
    }

    /**
     * As {@link #shutdown(boolean)}, but a plain leave ({@code restart} false) with a positive {@code
     * drainTimeout} first drains: the service hands every partition to another worker, through the
     * usual revocations, while this one keeps running; then it stops and leaves.
     */
    public void shutdown(boolean restart, Duration drainTimeout) {
        if (!restart && drainTimeout.compareTo(Duration.ZERO) > 0) {
            heartbeats.drain(drainTimeout.toNanos());
        }
        CompletableFuture<Void> revoked = new CompletableFuture<>();
        List<CompletableFuture<?>> pending = stopOnControlThread(revoked);
        follower.close();
        if (await(revoked)) {
            awaitQuietly(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
            heartbeats.leave(restart);
        } else {
            LOG.log(
                    Level.WARNING,
                    () -> who + ": interrupted before onRevoked returned; not leaving, its lease will expire");
        }
        control.shutdownNow();
        callbacks.shutdown();
    }

    /** Runs {@link #stop} on the control thread; on failure completes {@code revoked} exceptionally. */
    private List<CompletableFuture<?>> stopOnControlThread(CompletableFuture<Void> revoked) {
        try {
            return control.call(() -> stop(revoked)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            revoked.completeExceptionally(e);
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.log(Level.WARNING, who + ": stopping failed", e);
            revoked.completeExceptionally(e);
        }
        return List.of();
    }

    /** Halts the control thread and queues the revocation of everything; the heartbeats in flight. */
    private List<CompletableFuture<?>> stop(CompletableFuture<Void> revoked) {
        control.halt();
        WorkerRule.Change change = WorkerRule.change(holdings.granted(), Map.of());
        holdings.apply(change, fence.lease());
        callbacks.deliver(change, false, () -> revoked.complete(null));
        return heartbeats.inFlight();
    }

    private void answered(Messages.HeartbeatAnswer answer, long sentAt) {
        fence.renewed(sentAt, Duration.ofMillis(answer.leaseTimeoutMs()));
        reconcile(-1);
        follower.catchUp(heartbeats.announcedVersion());
    }

    /** After a 409 nothing the worker knows can be trusted: see the class comment. */
    private void startOver() {
        LOG.log(
                Level.WARNING,
                () -> who + ": the service does not know version " + heartbeats.ackedVersion()
                        + " of this worker (was its database restored?); revoking everything and starting over");
        generation.next();
        fence.drop(); // the lease is dropped, not lost: no onLeaseLost
        follower.startOver();
        reconcile(-1);
        heartbeats.startOver();
    }

    /** The callbacks up to the revocations of {@code version} returned: acknowledge it. */
    private void applied(long version, int gen) {
        if (generation.isCurrent(gen)) {
            heartbeats.acknowledge(version);
        }
    }

    /**
     * Brings what the application holds in line with the worker rule, queueing the callbacks; with
     * {@code ackVersion >= 0}, queues the acknowledgement of that version after the revocations.
     */
    private void reconcile(long ackVersion) {
        LeaseFence.Observation lease = fence.observe();
        WorkerRule.Change change = WorkerRule.change(
                holdings.granted(),
                WorkerRule.allowed(follower.latest(), heartbeats.announcedVersion(), lease.running()));
        holdings.apply(change, fence.lease());
        if (lease.lost()) {
            LOG.log(
                    Level.WARNING,
                    () -> who + ": lease not renewed in time; revoking "
                            + change.revoked().size() + " partitions");
        }
        if (change.isEmpty() && !lease.lost() && ackVersion < 0) {
            return;
        }
        int gen = generation.current();
        Runnable revocationsReturned = ackVersion < 0 ? () -> {} : () -> control.post(() -> applied(ackVersion, gen));
        callbacks.deliver(change, lease.lost(), revocationsReturned);
    }

    private void watch() {
        fence.check();
        follower.closeIfIdle();
    }

    private boolean await(CompletableFuture<Void> revoked) {
        try {
            revoked.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "revoking the partitions failed", e);
        }
        return false;
    }

    private void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a heartbeat that failed or is still hanging has done what it could
        }
    }

    /** What heartbeat answers mean to this worker. */
    private final class Answers implements HeartbeatLoop.Handler {

        @Override
        public void answered(Messages.HeartbeatAnswer answer, long sentAt) {
            WorkerRuntime.this.answered(answer, sentAt);
        }

        @Override
        public void conflict() {
            startOver();
        }

        @Override
        public void refused(int status, String detail) {
            callbacks.refused(status, detail);
        }
    }
}
