package io.goxhelix.client;

import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.HoldingLog.Interval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * What the rolling-restart tests share: a fleet of {@link #WORKERS} real clients over the {@link
 * #PARTITIONS} partitions of queue {@code q}, and the count of the moves in what they held.
 */
final class RollingRestarts {

    static final int WORKERS = 6;
    static final int PARTITIONS = 60;

    private RollingRestarts() {}

    /** A fresh domain, its queue {@code q} created with {@link #PARTITIONS} partitions. */
    static String domain(String prefix) {
        String d = prefix + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", PARTITIONS);
        return d;
    }

    /** Starts {@link #WORKERS} workers, the i-th by {@code start}, and waits until they share q evenly. */
    static List<GoxWorker> startBalanced(String domain, IntFunction<GoxWorker> start, Duration patience) {
        List<GoxWorker> fleet = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            fleet.add(start.apply(i));
        }
        awaitBalanced(domain, fleet, patience);
        return fleet;
    }

    /** Waits until these workers, and no others, hold q's partitions, each its even share. */
    static void awaitBalanced(String domain, List<GoxWorker> workers, Duration patience) {
        List<String> ids = workers.stream().map(GoxWorker::workerId).toList();
        await().atMost(patience).until(() -> Cluster.balanced(Cluster.assigned(domain, "q"), PARTITIONS, ids));
    }

    /** The times a partition passed from one worker to another, over its holdings in order of start. */
    static int moves(List<Interval> held) {
        int moves = 0;
        for (int k = 1; k < held.size(); k++) {
            moves += held.get(k).worker().equals(held.get(k - 1).worker()) ? 0 : 1;
        }
        return moves;
    }
}
