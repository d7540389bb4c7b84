package io.goxhelix.coordination;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds back the first assignment of a domain while its workers are still arriving. Workers of a
 * fresh domain usually start together, but their first heartbeats reach the coordinator over a second
 * or more: granting everything to the first few and then moving most of it to the others as they
 * come costs a revoke, an acknowledgement and a grant per moved partition, many times the single
 * grant that waiting gives. Once a partition of the domain is owned this never applies again.
 */
final class InitialDelay {

    /** How many delays the first assignment may wait in all while workers keep arriving. */
    private static final int MAX_DELAYS = 10;

    private record Arrival(int workers, long firstNanos, long lastChangeNanos) {}

    private final long delayNanos;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    InitialDelay(long delayNanos) {
        this.delayNanos = delayNanos;
    }

    /**
     * Nanoseconds the domain's round should wait before granting, 0 to go ahead: positive while the
     * domain owns no partition and its count of active workers changed less than a delay ago (and the
     * first of them came less than {@link #MAX_DELAYS} delays ago).
     */
    long holdFor(DomainState state, long now) {
        if (delayNanos <= 0) {
            return 0;
        }
        int workers = (int) state.workers().stream().filter(WorkerRow::active).count();
        if (workers == 0 || owned(state)) {
            arrivals.remove(state.domain());
            return 0;
        }
        // Arrivals are followed even while the domain has no queue, so that workers that have been
        // waiting all along get their partitions as soon as the queue is created.
        Arrival a = arrivals.compute(state.domain(), (d, seen) -> {
            if (seen == null) {
                return new Arrival(workers, now, now);
            }
            return seen.workers() == workers ? seen : new Arrival(workers, seen.firstNanos(), now);
        });
        if (state.queues().isEmpty()) {
            return 0;
        }
        long until = Math.min(a.lastChangeNanos() + delayNanos, a.firstNanos() + MAX_DELAYS * delayNanos);
        return Math.max(0, until - now);
    }

    private static boolean owned(DomainState state) {
        for (PartitionRow row : state.partitions()) {
            if (row.owner() != null) {
                return true;
            }
        }
        return false;
    }
}
