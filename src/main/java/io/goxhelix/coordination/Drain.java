package io.goxhelix.coordination;

/**
 * Where a worker is in a drain (stored in {@code workers.drain}, NULL for {@link #NONE}). A drain is
 * asked for by the worker or an operator; the round moves it on: {@link #QUEUED} while the domain's
 * drain budget is spent, {@link #DRAINING} while its partitions are handed off, {@link #DRAINED} once
 * it holds none. It ends when the worker leaves, registers afresh, or the drain is cancelled.
 */
public enum Drain {
    NONE,
    QUEUED,
    DRAINING,
    DRAINED;

    /** The stored form: null for {@link #NONE}. */
    public String column() {
        return this == NONE ? null : name();
    }

    public static Drain ofColumn(String value) {
        return value == null ? NONE : valueOf(value);
    }
}
