package io.goxhelix.client.internal;

import java.util.concurrent.Future;

/** Timers that run their task on the control thread; the lease fence sees the control thread as one. */
interface Timers {

    /** Runs {@code task} on the control thread after {@code delayNanos}; cancel the result to call it off. */
    Future<?> after(long delayNanos, Runnable task);
}
