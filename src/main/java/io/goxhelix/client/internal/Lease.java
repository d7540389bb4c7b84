package io.goxhelix.client.internal;

/**
 * The lease as the worker counts it for itself: whether it has one, and the deadline, on the lease
 * clock, before which it runs (already shortened by the safety margin).
 */
record Lease(boolean granted, long deadline) {

    /** No lease: before the first answered heartbeat, and after starting over. */
    static final Lease NONE = new Lease(false, 0);

    /** Whether it runs at {@code now}, compared by difference since the clock may wrap. */
    boolean runsAt(long now) {
        return WorkerRule.running(granted, deadline, now);
    }
}
