package io.goxhelix.coordinator;

import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Times one round phase by phase: each {@link #end} records the time since the previous one. */
final class RoundTimer {

    private final Map<RoundPhase, Timer> phases;
    private final long started;
    private long mark;

    RoundTimer(Map<RoundPhase, Timer> phases, long now) {
        this.phases = phases;
        this.started = now;
        this.mark = now;
    }

    void end(RoundPhase phase) {
        long now = System.nanoTime();
        phases.get(phase).record(now - mark, TimeUnit.NANOSECONDS);
        mark = now;
    }

    /** Nanoseconds since the round started. */
    long elapsed() {
        return System.nanoTime() - started;
    }
}
