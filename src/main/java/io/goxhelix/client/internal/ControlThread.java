package io.goxhelix.client.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that owns a worker's protocol state. HTTP answers, stream events and timers are handed
 * to it as tasks, which run one at a time in the order they were handed over, so that state needs no
 * lock. A task that throws is logged and the thread goes on. Once {@linkplain #halt() halted}, the
 * tasks still queued, the timers and whatever is posted later are dropped: a stopping worker changes
 * nothing more.
 */
final class ControlThread implements Timers {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");

    private final ScheduledExecutorService executor;
    private final String who;
    private boolean halted; // read and written on the control thread only

    ControlThread(String workerId, ThreadFactory threads) {
        this.executor = Executors.newSingleThreadScheduledExecutor(threads);
        this.who = "worker " + workerId;
    }

    /** Runs {@code task} on the control thread; may be called from any thread. */
    void post(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException stopped) {
            // the worker is closed: nothing is left to update
        }
    }

    @Override
    public Future<?> after(long delayNanos, Runnable task) {
        return executor.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code periodMillis}, the first time one period from now. */
    void every(long periodMillis, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} on the control thread, even once halted (it is how a worker stops), and hands
     * back its result.
     *
     * @throws RejectedExecutionException if the thread has ended
     */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor);
    }

    /** Drops every task from now on. Called on the control thread. */
    void halt() {
        halted = true;
    }

    /** Ends the thread; tasks still queued are dropped. */
    void shutdownNow() {
        executor.shutdownNow();
    }

    static void cancel(Future<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (halted) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, who + ": internal error", e);
            }
        };
    }
}
