package io.goxhelix.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th delay (from 0) is drawn uniformly from the upper half of
 * {@code min(max, initial * 2^n)}, so that many workers cut off together do not come back together,
 * and none retries faster than half the current step. Not thread-safe.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} yields values in {@code [0, 1)}. */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The next delay in nanoseconds, and one step further for the one after. */
    public long nextNanos() {
        long step = initialNanos;
        for (int i = 0; i < attempt && step < maxNanos; i++) {
            step = step > maxNanos / 2 ? maxNanos : step * 2;
        }
        step = Math.min(step, maxNanos);
        if (attempt < 64) {
            attempt++;
        }
        long half = step / 2;
        return half + (long) (random.getAsDouble() * (step - half));
    }

    /** Back to the initial delay, after a success. */
    public void reset() {
        attempt = 0;
    }
}
