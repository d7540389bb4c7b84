package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * Total balance across queues at the fewest extra moves, for an allocation in which every worker
 * serves the same queues (goal 3 over goal 4 of {@link Allocator}): afterwards the workers' totals
 * differ by at most one, every queue still has exactly its extras, and no other quotas with that
 * balance cost fewer moves.
 *
 * <p>This is a min-cost flow of extras from queues to workers, each worker taking {@code lo} or
 * {@code lo + 1} of them (a node {@code R} lets exactly {@code slots} take the {@code + 1}), at cost
 * -1 per extra given to a preferred worker. It expects quotas that satisfy the flow's optimality
 * condition, no exchange cycle of negative cost, as {@link ExtraGrants} and {@link FreeExchanges}
 * leave them: every queue gives its extras to preferred workers first, and the free exchanges keep it
 * so. Pushing the surplus along cheapest paths to workers short of their share (successive shortest
 * paths) therefore ends optimal.
 *
 * <p>The steps of the residual graph are {@link ExchangeDistances}'s: giving up an extra in which
 * the worker is preferred costs a move, giving one to a preferred worker saves one, and {@code R}
 * trades {@code + 1} slots. Costs turn negative after the first pushes, hence Bellman-Ford there
 * rather than Dijkstra. One search serves many pushes: with its distances as potentials, every path
 * whose steps all keep to them is a cheapest path, and pushing along one keeps the potentials valid,
 * so a depth-first search with per-node cursors pushes along such paths until none is left
 * (primal-dual), and only then is the next search needed.
 * Joining a large cluster needs a hundred pushes but two searches. Among equally cheap ends the one
 * that holds least now receives: on a join, the newcomer.
 */
final class MinCostBalancer {

    private static final int UNREACHED = ExchangeDistances.UNREACHED;

    private final Quotas quotas;
    private final int[] queueStart;
    private final int[] edgeWorker;
    private final int[] edgeQueue;
    private final int[] workerStart;
    private final int[] workerEdges;
    /** Nodes as in {@link ExchangeDistances}: the workers, then the queues, then {@code R}. */
    private final int workers;

    private final int queues;
    private final int r;
    private final ExchangeDistances distances;
    /** Per node, the next step the depth-first search tries. */
    private final int[] cursor;

    private final boolean[] dead;
    private final boolean[] onPath;
    private final int[] path;
    /** The edge each step of the path takes ({@code -1} into or out of {@code R}). */
    private final int[] step;
    /** Per worker, the partitions it holds now in all queues. */
    private final int[] heldInAll;

    private final int lo;
    private final int slots;
    private int atCeiling;

    MinCostBalancer(ServingIndex serving, CurrentHoldings holdings, Quotas quotas) {
        this.quotas = quotas;
        queueStart = serving.queueStart();
        edgeWorker = serving.edgeWorker();
        edgeQueue = serving.edgeQueue();
        workerStart = serving.workerStart();
        workerEdges = serving.workerEdges();
        workers = serving.workerCount();
        queues = serving.queueCount();
        r = workers + queues;
        int nodes = r + 1;
        cursor = new int[nodes];
        dead = new boolean[nodes];
        onPath = new boolean[nodes];
        path = new int[nodes];
        step = new int[nodes];
        heldInAll = new int[workers];
        long sum = 0;
        for (int w = 0; w < workers; w++) {
            sum += quotas.total(w);
        }
        lo = (int) (sum / workers);
        slots = (int) (sum % workers);
        distances = new ExchangeDistances(serving, quotas, lo);
        for (int e = 0; e < edgeWorker.length; e++) {
            heldInAll[edgeWorker[e]] += holdings.held(e);
        }
    }

    /**
     * Runs until the totals are within one of each other.
     *
     * @throws IllegalStateException when the quotas it started from were not optimal, which no input
     *     can cause
     */
    void run() {
        while (true) {
            atCeiling = 0;
            boolean surplus = false;
            for (int w = 0; w < workers; w++) {
                int t = quotas.total(w);
                atCeiling += t > lo ? 1 : 0;
                surplus |= t > lo + 1;
            }
            if (!surplus && atCeiling <= slots) {
                return;
            }
            distances.find(atCeiling, slots);
            // The cheapest ends; among them those holding least: on a join, the newcomer.
            int cheapest = UNREACHED;
            int leastHeld = Integer.MAX_VALUE;
            for (int w = 0; w < workers; w++) {
                int d = distances.distance(w);
                if (wanting(w) && d != UNREACHED) {
                    if (d < cheapest || (d == cheapest && heldInAll[w] < leastHeld)) {
                        cheapest = d;
                        leastHeld = heldInAll[w];
                    }
                }
            }
            if (distances.negativeCycle() || cheapest == UNREACHED || pushAll(cheapest, leastHeld) == 0) {
                throw new IllegalStateException("no cheapest path evens out the totals");
            }
        }
    }

    private boolean wanting(int w) {
        int t = quotas.total(w);
        return t < lo || (t == lo && atCeiling < slots);
    }

    private boolean source(int node) {
        return distances.distance(node) == 0 && (node == r ? atCeiling > slots : quotas.total(node) > lo + 1);
    }

    /** Pushes one unit along each path that keeps to the distances, until none is left. */
    private int pushAll(int cheapest, int leastHeld) {
        for (int w = 0; w < workers; w++) {
            cursor[w] = workerStart[w];
        }
        for (int q = 0; q < queues; q++) {
            cursor[workers + q] = queueStart[q];
        }
        cursor[r] = 0;
        Arrays.fill(dead, false);
        int pushed = 0;
        for (int from = 0; from <= workers; from++) {
            int start = from == workers ? r : from;
            while (!dead[start] && source(start) && pushOne(start, cheapest, leastHeld)) {
                pushed++;
            }
        }
        return pushed;
    }

    private boolean pushOne(int from, int cheapest, int leastHeld) {
        int top = 0;
        path[0] = from;
        onPath[from] = true;
        while (top >= 0) {
            int next = advance(path[top], top);
            if (next < 0) {
                // Nothing ahead can reach an end at these distances any more.
                dead[path[top]] = true;
                onPath[path[top]] = false;
                if (--top >= 0) {
                    cursor[path[top]]++;
                }
                continue;
            }
            path[++top] = next;
            onPath[next] = true;
            if (next < workers
                    && wanting(next)
                    && distances.distance(next) == cheapest
                    && heldInAll[next] == leastHeld) {
                for (int i = 1; i < top; i++) {
                    if (path[i] >= workers && path[i] < r) {
                        transfer(step[i - 1], step[i]);
                    }
                }
                for (int i = 0; i <= top; i++) {
                    onPath[path[i]] = false;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the cursor of {@code node}, at {@code depth} on the path, to its next step that keeps to
     * the distances and leads to a node neither dead nor on the path; records the step's edge and
     * returns where it leads, or -1 when there is none.
     */
    private int advance(int node, int depth) {
        if (node < workers) {
            return advanceFromWorker(node, depth);
        }
        if (node < r) {
            return advanceFromQueue(node, depth);
        }
        int d = distances.distance(r);
        for (; cursor[r] < workers; cursor[r]++) {
            int w = cursor[r];
            if (quotas.total(w) > lo && distances.distance(w) == d && open(w)) {
                step[depth] = -1;
                return w;
            }
        }
        return -1;
    }

    /** From a worker to a queue of one of its extras, then, past its last edge, to {@code R}. */
    private int advanceFromWorker(int node, int depth) {
        int d = distances.distance(node);
        int end = workerStart[node + 1];
        for (; cursor[node] <= end; cursor[node]++) {
            int i = cursor[node];
            if (i == end) {
                if (quotas.total(node) <= lo && distances.distance(r) == d && open(r)) {
                    step[depth] = -1;
                    return r;
                }
                continue;
            }
            int e = workerEdges[i];
            int q = workers + edgeQueue[e];
            if (quotas.hasExtra(e) && distances.distance(q) == d + (quotas.preferred(e) ? 1 : 0) && open(q)) {
                step[depth] = e;
                return q;
            }
        }
        return -1;
    }

    /** From a queue to one of its workers without an extra. */
    private int advanceFromQueue(int node, int depth) {
        int d = distances.distance(node);
        int end = queueStart[node - workers + 1];
        for (; cursor[node] < end; cursor[node]++) {
            int f = cursor[node];
            int w = edgeWorker[f];
            if (!quotas.hasExtra(f) && distances.distance(w) == d - (quotas.preferred(f) ? 1 : 0) && open(w)) {
                step[depth] = f;
                return w;
            }
        }
        return -1;
    }

    private boolean open(int node) {
        return !dead[node] && !onPath[node];
    }

    private void transfer(int giver, int taker) {
        atCeiling += quotas.total(edgeWorker[taker]) == lo ? 1 : 0;
        atCeiling -= quotas.total(edgeWorker[giver]) == lo + 1 ? 1 : 0;
        quotas.move(giver, taker);
    }
}
