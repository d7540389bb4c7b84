package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * The cheapest cost of reaching every node of {@link MinCostBalancer}'s exchange graph from a source
 * of surplus, by Bellman-Ford with a queue (costs may be negative). The nodes are the workers, then
 * the queues, then {@code R}. A worker reaches a queue in which it holds an extra, at cost 1 if it is
 * preferred there; a queue reaches a worker without its extra, at cost -1 if that worker is
 * preferred; a worker at or below {@code lo} reaches {@code R}, and {@code R} reaches a worker above
 * {@code lo}, at no cost. The sources are the workers above {@code lo + 1}, and {@code R} when more
 * workers are above {@code lo} than there are slots for.
 */
final class ExchangeDistances {

    static final int UNREACHED = Integer.MAX_VALUE;

    private final Quotas quotas;
    private final int[] queueStart;
    private final int[] edgeWorker;
    private final int[] edgeQueue;
    private final int[] workerStart;
    private final int[] workerEdges;
    private final int workers;
    private final int r;
    private final int nodes;
    private final int lo;

    private final int[] distance;
    /** The ring buffer of nodes yet to relax. */
    private final int[] pending;

    private final boolean[] queued;
    private final int[] enqueued;
    private int head;
    private int tail;
    private boolean negativeCycle;

    ExchangeDistances(ServingIndex serving, Quotas quotas, int lo) {
        this.quotas = quotas;
        this.lo = lo;
        queueStart = serving.queueStart();
        edgeWorker = serving.edgeWorker();
        edgeQueue = serving.edgeQueue();
        workerStart = serving.workerStart();
        workerEdges = serving.workerEdges();
        workers = serving.workerCount();
        r = workers + serving.queueCount();
        nodes = r + 1;
        distance = new int[nodes];
        pending = new int[nodes + 1];
        queued = new boolean[nodes];
        enqueued = new int[nodes];
    }

    /** The cost of the cheapest path to {@code node}, {@link #UNREACHED} when there is none. */
    int distance(int node) {
        return distance[node];
    }

    /** Whether a search has met a cycle of negative cost, after which no distance means anything. */
    boolean negativeCycle() {
        return negativeCycle;
    }

    /** Finds the distances for the quotas as they are now, {@code atCeiling} workers above {@code lo}. */
    void find(int atCeiling, int slots) {
        Arrays.fill(distance, UNREACHED);
        Arrays.fill(enqueued, 0);
        head = 0;
        tail = 0;
        for (int w = 0; w < workers; w++) {
            if (quotas.total(w) > lo + 1) {
                reach(w, 0);
            }
        }
        if (atCeiling > slots) {
            reach(r, 0);
        }
        while (head != tail && !negativeCycle) {
            int node = pending[head];
            head = head == nodes ? 0 : head + 1;
            queued[node] = false;
            relaxFrom(node);
        }
    }

    private void relaxFrom(int node) {
        int d = distance[node];
        if (node < workers) {
            for (int i = workerStart[node]; i < workerStart[node + 1]; i++) {
                int e = workerEdges[i];
                if (quotas.hasExtra(e)) {
                    reach(workers + edgeQueue[e], d + (quotas.preferred(e) ? 1 : 0));
                }
            }
            if (quotas.total(node) <= lo) {
                reach(r, d);
            }
        } else if (node < r) {
            int q = node - workers;
            for (int f = queueStart[q]; f < queueStart[q + 1]; f++) {
                if (!quotas.hasExtra(f)) {
                    reach(edgeWorker[f], d - (quotas.preferred(f) ? 1 : 0));
                }
            }
        } else {
            for (int w = 0; w < workers; w++) {
                if (quotas.total(w) > lo) {
                    reach(w, d);
                }
            }
        }
    }

    private void reach(int node, int d) {
        if (d >= distance[node]) {
            return;
        }
        distance[node] = d;
        if (!queued[node]) {
            // Without a negative cycle no node is queued more often than there are nodes.
            negativeCycle |= ++enqueued[node] > nodes;
            queued[node] = true;
            pending[tail] = node;
            tail = tail == nodes ? 0 : tail + 1;
        }
    }
}
