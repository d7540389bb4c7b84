package io.goxhelix.client;

import io.goxhelix.client.internal.WorkerRuntime;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A worker of a gox-helix domain: it heartbeats, follows its assignment, and tells a {@link
 * PartitionListener} which partitions it may work on, following the worker rule of API v1.
 *
 * <pre>{@code
 * try (GoxWorker worker = GoxWorker.create(options, listener).start()) {
 *     ...                                   // work while the listener says so
 *     if (worker.epochOf("food_order", 3).isPresent()) { ... }
 * }                                         // close(): revoke, then leave
 * }</pre>
 *
 * <p>The application holds partition p only while p is in the latest snapshot, that snapshot is at
 * least as new as the version the last answered heartbeat announced, and the lease (counted from the
 * sending of that heartbeat, less a {@linkplain WorkerOptions#safetyMarginFor safety margin}) runs;
 * otherwise the worker revokes locally, and on a lease that ran out it also calls {@link
 * PartitionListener#onLeaseLost()}, before the service could give the partitions to anyone else. A
 * new snapshot is acknowledged only once the revocations it brings have returned from {@link
 * PartitionListener#onRevoked}.
 *
 * <p>Thread-safe. Depends on the JDK only.
 */
public final class GoxWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");

    private final WorkerOptions options;
    private final PartitionListener listener;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private WorkerState state = WorkerState.NOT_STARTED; // guarded by this
    private volatile WorkerRuntime runtime;

    private GoxWorker(WorkerOptions options, PartitionListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A worker in state {@link WorkerState#NOT_STARTED}. */
    public static GoxWorker create(WorkerOptions options, PartitionListener listener) {
        return new GoxWorker(options, listener);
    }

    /**
     * Starts heartbeating and following the assignment, on the worker's own threads. Returns at once.
     *
     * @throws IllegalStateException if the worker was started or closed already
     */
    public GoxWorker start() {
        synchronized (this) {
            if (state != WorkerState.NOT_STARTED) {
                throw new IllegalStateException(
                        "worker " + options.workerId() + " is " + state + "; start() may be called once");
            }
            runtime = new WorkerRuntime(options, listener);
            state = WorkerState.RUNNING;
        }
        runtime.start();
        return this;
    }

    /**
     * Stops: first drains (unless {@link WorkerOptions#drainTimeout()} is zero): asks the service to
     * hand every partition to another worker, each revoked here ({@link PartitionListener#onRevoked})
     * and granted there, while this worker keeps running, and waits until every partition has a new
     * owner or the drain timeout passes. Then revokes whatever is left locally and waits until {@link
     * PartitionListener#onRevoked} returned, leaves the domain ({@code DELETE}), so that anything left
     * moves to other workers at once, and ends the worker's threads. Idempotent; a second call waits for the first to finish.
     * Never throws; if the service cannot be reached the partitions move when the lease expires.
     *
     * <p>Called from within a callback, it cannot wait for the revocation (which runs on the callback
     * thread after the current callback returns): it then starts the shutdown and returns at once.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops as {@link #close()} does, but leaves to restart ({@code DELETE ...?restart=true}): the
     * service keeps this worker's partitions for it, unowned, for its restart grace (30 s by default),
     * and a process that starts again under the same worker id (see {@link
     * WorkerOptions.Builder#stableWorkerId}) gets them back with no other partition moving. For rolling
     * restarts and deploys.
     */
    public void closeForRestart() {
        stop(true);
    }

    private void stop(boolean restart) {
        WorkerRuntime rt;
        synchronized (this) {
            switch (state) {
                case NOT_STARTED -> {
                    state = WorkerState.TERMINATED;
                    terminated.complete(null);
                    return;
                }
                case RUNNING -> {
                    state = WorkerState.SHUTTING_DOWN;
                    rt = runtime;
                }
                default -> rt = null;
            }
        }
        WorkerRuntime current = runtime;
        boolean onCallbackThread = current != null && current.isCallbackThread();
        if (rt != null && onCallbackThread) {
            Thread closer = new Thread(
                    () -> finish(rt, restart),
                    "gox-worker-" + options.workerId().substring(0, 8) + "-close");
            closer.setDaemon(true);
            closer.start();
            return;
        }
        if (rt != null) {
            finish(rt, restart);
        } else if (!onCallbackThread) {
            awaitTermination();
        }
    }

    private void finish(WorkerRuntime rt, boolean restart) {
        try {
            rt.shutdown(restart, options.drainTimeout());
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "worker " + options.workerId() + ": shutdown failed", e);
        } finally {
            synchronized (this) {
                state = WorkerState.TERMINATED;
            }
            terminated.complete(null);
        }
    }

    private void awaitTermination() {
        try {
            terminated.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
    }

    public synchronized WorkerState state() {
        return state;
    }

    /** The worker id, a UUID in lower case. */
    public String workerId() {
        return options.workerId();
    }

    public WorkerOptions options() {
        return options;
    }

    /**
     * What the application holds now under the worker rule: partition -> epoch of its grant, sorted.
     * A partition appears once {@link PartitionListener#onAssigned} for it has returned and is gone
     * before {@link PartitionListener#onRevoked} is called. Empty before the first grant, once the
     * lease ran out, and after {@link #close()}.
     */
    public Map<PartitionRef, Long> currentAssignment() {
        WorkerRuntime rt = runtime;
        return rt == null ? Map.of() : rt.held();
    }

    /**
     * The epoch under which the application holds this partition now, to fence its own writes with;
     * empty if it does not hold it.
     */
    public OptionalLong epochOf(String queue, int partition) {
        Long epoch = currentAssignment().get(new PartitionRef(queue, partition));
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** Whether the application holds this partition now. */
    public boolean isHolding(String queue, int partition) {
        return epochOf(queue, partition).isPresent();
    }

    @Override
    public String toString() {
        return "GoxWorker{" + options.workerId() + ", " + state() + "}";
    }
}
