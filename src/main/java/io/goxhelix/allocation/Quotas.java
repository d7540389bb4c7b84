package io.goxhelix.allocation;

/**
 * The quota of every edge while the steps of an allocation decide it. Of the {@code W} workers that
 * serve a queue of {@code P} partitions each gets {@code base = P / W}, and {@code P mod W} of them
 * one more, an <em>extra</em>; a worker's <em>total</em> is the sum of its quotas so far. An edge is
 * <em>preferred</em> when its worker holds more than {@code base} of the queue now: as every worker
 * keeps what it holds up to its quota, an extra saves a move there and nowhere else.
 *
 * <p>Starts with no extra granted; {@link #grant} and {@link #move} keep the totals in step.
 */
final class Quotas {

    private final int[] edgeWorker;
    private final int[] edgeQueue;
    private final CurrentHoldings holdings;
    private final int[] base;
    private final int[] extras;
    private final boolean[] extra;
    private final int[] total;

    Quotas(ServingIndex serving, CurrentHoldings holdings) {
        this.holdings = holdings;
        edgeWorker = serving.edgeWorker();
        edgeQueue = serving.edgeQueue();
        int queues = serving.queueCount();
        base = new int[queues];
        extras = new int[queues];
        for (int q = 0; q < queues; q++) {
            int servers = serving.servers(q);
            if (servers > 0) {
                int partitions = serving.queues()[q].partitions();
                base[q] = partitions / servers;
                extras[q] = partitions % servers;
            }
        }
        extra = new boolean[edgeWorker.length];
        total = new int[serving.workerCount()];
        for (int e = 0; e < edgeWorker.length; e++) {
            total[edgeWorker[e]] += base[edgeQueue[e]];
        }
    }

    /** The quota every server of queue {@code q} gets at least. */
    int base(int q) {
        return base[q];
    }

    /** How many servers of queue {@code q} get {@code base + 1}. */
    int extras(int q) {
        return extras[q];
    }

    boolean hasExtra(int e) {
        return extra[e];
    }

    boolean preferred(int e) {
        return holdings.held(e) > base[edgeQueue[e]];
    }

    int quota(int e) {
        return base[edgeQueue[e]] + (extra[e] ? 1 : 0);
    }

    int total(int w) {
        return total[w];
    }

    int workerCount() {
        return total.length;
    }

    /** The largest difference between two workers' totals, 0 without workers. */
    int spread() {
        if (total.length == 0) {
            return 0;
        }
        int min = total[0];
        int max = total[0];
        for (int t : total) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return max - min;
    }

    /** Gives edge {@code e}, which has none, an extra. */
    void grant(int e) {
        extra[e] = true;
        total[edgeWorker[e]]++;
    }

    /** Passes the extra of edge {@code giver} to edge {@code taker}, of the same queue. */
    void move(int giver, int taker) {
        extra[giver] = false;
        total[edgeWorker[giver]]--;
        grant(taker);
    }
}
