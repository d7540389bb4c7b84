package io.goxhelix.client.internal;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionListener;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The listener's callbacks, on a thread of their own, one at a time, in the order the control thread
 * queued them. One change is delivered as: {@code onRevoked}, {@code onLeaseLost} if the lease ran out,
 * a note that the revocations have returned (the worker acknowledges a version only then), and {@code
 * onAssigned}, after which the partitions are shown as held. Since everything runs in order, the note
 * also follows every callback queued before. A callback that throws is logged and counts as returned.
 */
final class CallbackQueue {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");

    private final PartitionListener listener;
    private final Consumer<Set<AssignedPartition>> assignedReturned;
    private final String who;
    private final ExecutorService executor;
    private volatile Thread thread;

    /**
     * @param assignedReturned called on the callback thread once {@code onAssigned} returned
     */
    CallbackQueue(
            PartitionListener listener,
            Consumer<Set<AssignedPartition>> assignedReturned,
            String workerId,
            ThreadFactory threads) {
        this.listener = listener;
        this.assignedReturned = assignedReturned;
        this.who = "worker " + workerId;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = threads.newThread(r);
            thread = t;
            return t;
        });
    }

    /** Queues the callbacks of {@code change}, with {@code revocationsReturned} between them (see above). */
    void deliver(WorkerRule.Change change, boolean leaseLost, Runnable revocationsReturned) {
        executor.execute(() -> {
            if (!change.revoked().isEmpty()) {
                call("onRevoked", () -> listener.onRevoked(change.revoked()));
            }
            if (leaseLost) {
                call("onLeaseLost", listener::onLeaseLost);
            }
            revocationsReturned.run();
            if (!change.assigned().isEmpty()) {
                call("onAssigned", () -> listener.onAssigned(change.assigned()));
                assignedReturned.accept(change.assigned());
            }
        });
    }

    /** Queues {@code onRefused}, in order with the other callbacks. */
    void refused(int status, String detail) {
        executor.execute(() -> call("onRefused", () -> listener.onRefused(status, detail)));
    }

    /** Whether the caller runs on the callback thread. */
    boolean isCallbackThread() {
        return Thread.currentThread() == thread;
    }

    /** Ends the thread once what is queued has run. */
    void shutdown() {
        executor.shutdown();
    }

    private void call(String name, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, who + ": " + name + " threw", e);
        }
    }
}
