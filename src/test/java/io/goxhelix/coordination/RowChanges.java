package io.goxhelix.coordination;

/**
 * The changes of a worker's row that the coordination tests' domains make between rounds, as the
 * store makes them; every other field goes back to its default.
 */
final class RowChanges {

    private RowChanges() {}

    /** The worker left, its version one up; held for its return when it left to restart. */
    static WorkerRow left(WorkerRow w, boolean restart) {
        return WorkerRow.builder(w.id(), w.queues())
                .versions(w.version() + 1, w.ackedVersion())
                .live(false)
                .held(restart)
                .build();
    }

    /** Its lease ran out by the database clock: still live, no longer entitled to anything. */
    static WorkerRow leaseRanOut(WorkerRow w) {
        return WorkerRow.builder(w.id(), w.queues())
                .versions(w.version(), w.ackedVersion())
                .leaseExpired(true)
                .build();
    }
}
