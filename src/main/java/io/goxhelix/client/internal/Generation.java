package io.goxhelix.client.internal;

/**
 * The generation of a worker: a new one begins when it starts over, after the service answered that it
 * does not know the version the worker acknowledged. Requests and callbacks are tagged with the
 * generation they were made in; what comes back for an older one proves nothing about the service's
 * state now and is dropped. Confined to the control thread.
 */
final class Generation {

    private int current;

    int current() {
        return current;
    }

    boolean isCurrent(int generation) {
        return generation == current;
    }

    void next() {
        current++;
    }
}
