package io.goxhelix.soak;

/** The kinds of fault the soak injects, with their relative frequency. */
enum Fault {
    KILL_INSTANCE(3, true),
    KILL_COORDINATOR(3, true),
    FREEZE_COORDINATOR(2, true),
    RESTART_DATABASE(2, true),
    CRASH_WORKER(5, false),
    FREEZE_WORKER(5, false),
    LEAVE(4, false),
    /** {@code closeForRestart()}, down for less than the restart grace, back under the same id. */
    RESTART(4, false),
    /** An operator's {@code POST .../drain}; the worker stops once DRAINED. */
    OPERATOR_DRAIN(3, false),
    JOIN(6, false),
    DROP_CONNECTIONS(6, false),
    SLOW_ACK(5, false),
    CREATE_QUEUE(3, false),
    GROW_QUEUE(3, false),
    SHRINK_QUEUE(3, false),
    DELETE_QUEUE(2, false);

    final int weight;
    /** Takes down a service instance or the database: one such fault at a time. */
    final boolean infrastructure;

    Fault(int weight, boolean infrastructure) {
        this.weight = weight;
        this.infrastructure = infrastructure;
    }
}
