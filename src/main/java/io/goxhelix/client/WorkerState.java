package io.goxhelix.client;

/** The life of a {@link GoxWorker}; it only moves forward. */
public enum WorkerState {
    /** Created, {@link GoxWorker#start()} not called yet. */
    NOT_STARTED,
    /** Heartbeating and following its assignment. */
    RUNNING,
    /** {@link GoxWorker#close()} is revoking the partitions and leaving. */
    SHUTTING_DOWN,
    /** Closed: holds nothing, sends nothing, its threads have ended. */
    TERMINATED
}
