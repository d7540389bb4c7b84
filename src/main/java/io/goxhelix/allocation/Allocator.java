package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Divides the partitions of every queue among the workers that serve it.
 *
 * <p>The goals, in priority order; a goal only ever gives way to the ones above it:
 *
 * <ol>
 *   <li><b>Validity.</b> Every partition of every queue that at least one worker serves is assigned
 *       to exactly one worker that serves that queue. A queue nobody serves gets {@code null}
 *       owners.
 *   <li><b>Per-queue balance.</b> Of the {@code W} workers serving a queue of {@code P}
 *       partitions, each gets {@code floor(P/W)} or {@code ceil(P/W)}, and exactly {@code P mod W}
 *       get the ceiling.
 *   <li><b>Total balance.</b> When every worker serves the same queues, the workers' total
 *       partition counts differ by at most one. When the queue sets differ only per-queue balance is
 *       promised; totals are evened out as far as that costs no extra move.
 *   <li><b>Stickiness.</b> The fewest moves that achieve the goals above, a move being a partition
 *       whose current valid owner is not its target owner (a free partition never counts). From a
 *       balanced state, a leaving worker moves only its own partitions and a joining worker moves
 *       only the partitions it receives.
 *   <li><b>Speed.</b> {@code O(P + E log W)} for {@code P} partitions and {@code E} (queue,
 *       serving worker) pairs, plus a few {@code O(E)} graph searches when total balance costs
 *       moves; single threaded, with int indices inside and no object per partition: it runs on
 *       every rebalance.
 * </ol>
 *
 * <p>The fewest moves is exact, not approximate: per queue when the queue sets differ, and across
 * queues (a min-cost flow) when every worker serves the same queues. The leave and join promises of
 * goal 4 hold whenever total balance allows them, which is not always: with queues of 2, 18 and 3
 * partitions over 19 workers, the worker without a partition of the second queue may hold one of
 * each of the others; when another worker leaves it must take one of the second queue and give up
 * one of the others, or hold 3 against a ceiling of 2. Likewise a joiner can take only its share,
 * so when two workers must each give one up while a third drops below its share in one queue, the
 * third receives the other. Among equally cheap plans the joiner is the one that receives.
 *
 * <p>The result depends only on the input's content, not on the order of its lists: workers are
 * ranked by id and queues by name, and ties are broken by a rotation derived from the queue's name.
 *
 * <h2>How</h2>
 *
 * Per queue, every serving worker gets a quota of {@code base = P / W} partitions, and {@code P mod
 * W} of them one more (an <em>extra</em>). Each worker keeps up to its quota of the partitions it
 * holds, so the moves of a queue are exactly the partitions held above quota: giving an extra to a
 * worker that holds more than {@code base} (a <em>preferred</em> worker) saves one move, giving it to
 * anyone else saves none. Hence:
 *
 * <ol>
 *   <li>Where a queue has no more preferred workers than extras, all of them get one.
 *   <li>Where it has more, the extras go to the preferred workers with the lowest running totals.
 *   <li>Extras still unassigned go to the other workers with the lowest running totals.
 *   <li>Extras are then passed, within a queue, from a worker to one with a total lower by two or
 *       more wherever that costs no move.
 *   <li>When every worker serves the same queues and totals still differ by two or more, the
 *       surplus is pushed along cheapest chains of such exchanges, paying a move only where no
 *       free chain exists (successive shortest paths of the min-cost flow).
 *   <li>Placement: in each queue every worker keeps its lowest-numbered held partitions up to its
 *       quota; the rest are pooled and handed out in ascending order to the workers below quota.
 * </ol>
 */
public final class Allocator {

    private Allocator() {}

    /** The target owner of every partition of {@code input}'s queues. */
    public static AllocationPlan allocate(AllocationInput input) {
        return new Run(input).plan();
    }

    /**
     * One allocation. An <em>edge</em> is a (queue, serving worker) pair; edges are numbered queue by
     * queue, with the workers of a queue in ascending index, so an edge's <em>position</em> within
     * its queue identifies the worker there.
     */
    private static final class Run {

        private final AllocationInput input;
        private final String[] workerIds;
        private final QueueSpec[] queues;

        private final int[] queueStart;
        private final int[] edgeWorker;
        private final int[] edgeQueue;
        private final int[] workerStart;
        /** Per worker, from {@code workerStart[w]}, its edges in queue order. */
        private final int[] workerEdges;

        private final int[] base;
        private final int[] extras;
        /** Partitions of the edge's queue that the edge's worker validly holds now. */
        private final int[] held;
        /** Whether the edge's quota is {@code base + 1}. */
        private final boolean[] extra;
        /** Per worker, the sum of its quotas so far. */
        private final int[] total;
        /**
         * Per queue and partition, the position of its current valid owner, -1 when free; {@code
         * null} for a queue with no current owners at all.
         */
        private final int[][] holder;

        private long[] keys = new long[16];
        private int[] counts = new int[16];

        Run(AllocationInput input) {
            this.input = input;
            WorkerSpec[] workers = input.workers().toArray(WorkerSpec[]::new);
            Arrays.sort(workers, Comparator.comparing(WorkerSpec::id));
            workerIds = new String[workers.length];
            for (int w = 0; w < workers.length; w++) {
                workerIds[w] = workers[w].id();
            }
            queues = input.queues().toArray(QueueSpec[]::new);
            Arrays.sort(queues, Comparator.comparing(QueueSpec::name));
            long partitions = 0;
            var queueIndex = new HashMap<String, Integer>();
            for (int q = 0; q < queues.length; q++) {
                queueIndex.put(queues[q].name(), q);
                partitions += queues[q].partitions();
            }
            if (partitions > Integer.MAX_VALUE) {
                // Totals are ints; no heap holds plans this large anyway.
                throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " partitions in all");
            }

            int[][] served = new int[workers.length][];
            queueStart = new int[queues.length + 1];
            workerStart = new int[workers.length + 1];
            for (int w = 0; w < workers.length; w++) {
                int[] known = new int[workers[w].queues().size()];
                int count = 0;
                for (String name : workers[w].queues()) {
                    Integer q = queueIndex.get(name);
                    if (q != null) {
                        known[count++] = q;
                        queueStart[q + 1]++;
                    }
                }
                served[w] = known;
                workerStart[w + 1] = workerStart[w] + count;
            }
            for (int q = 0; q < queues.length; q++) {
                queueStart[q + 1] += queueStart[q];
            }
            int edges = queueStart[queues.length];
            edgeWorker = new int[edges];
            edgeQueue = new int[edges];
            int[] next = Arrays.copyOf(queueStart, queues.length);
            for (int w = 0; w < workers.length; w++) {
                for (int i = 0; i < workerStart[w + 1] - workerStart[w]; i++) {
                    int e = next[served[w][i]]++;
                    edgeWorker[e] = w;
                    edgeQueue[e] = served[w][i];
                }
            }
            workerEdges = new int[edges];
            next = Arrays.copyOf(workerStart, workers.length);
            for (int e = 0; e < edges; e++) {
                workerEdges[next[edgeWorker[e]]++] = e;
            }

            base = new int[queues.length];
            extras = new int[queues.length];
            held = new int[edges];
            extra = new boolean[edges];
            total = new int[workers.length];
            holder = new int[queues.length][];
        }

        AllocationPlan plan() {
            readCurrentOwners();
            grantQuotas();
            evenOutTotals();
            return place();
        }

        private void readCurrentOwners() {
            var index = new IdIndex(workerIds);
            int[] position = new int[workerIds.length];
            Arrays.fill(position, -1);
            for (int q = 0; q < queues.length; q++) {
                int from = queueStart[q];
                int servers = queueStart[q + 1] - from;
                if (servers == 0) {
                    continue;
                }
                int partitions = queues[q].partitions();
                base[q] = partitions / servers;
                extras[q] = partitions % servers;
                String[] current = input.owners().get(queues[q].name());
                if (current == null) {
                    continue;
                }
                int[] owners = new int[partitions];
                holder[q] = owners;
                for (int pos = 0; pos < servers; pos++) {
                    position[edgeWorker[from + pos]] = pos;
                }
                int known = Math.min(partitions, current.length);
                String lastId = null;
                int lastPosition = -1;
                for (int p = 0; p < known; p++) {
                    String id = current[p];
                    int pos;
                    if (id == null) {
                        pos = -1;
                    } else if (id.equals(lastId)) {
                        // Runs of one owner are common; this skips hashing a string fresh from a store.
                        pos = lastPosition;
                    } else {
                        int w = index.find(id);
                        pos = w < 0 ? -1 : position[w];
                        lastId = id;
                        lastPosition = pos;
                    }
                    owners[p] = pos;
                    if (pos >= 0) {
                        held[from + pos]++;
                    }
                }
                Arrays.fill(owners, known, partitions, -1);
                for (int pos = 0; pos < servers; pos++) {
                    position[edgeWorker[from + pos]] = -1;
                }
            }
        }

        private boolean preferred(int e) {
            return held[e] > base[edgeQueue[e]];
        }

        /** Goals 2 and 4: exactly {@code extras} extras per queue, preferred workers first. */
        private void grantQuotas() {
            for (int e = 0; e < edgeWorker.length; e++) {
                total[edgeWorker[e]] += base[edgeQueue[e]];
            }
            // The uncontested grants go first so that the running totals the other grants compare
            // already count them, whatever the queue order.
            int[] unassigned = new int[queues.length];
            boolean[] contested = new boolean[queues.length];
            for (int q = 0; q < queues.length; q++) {
                if (extras[q] == 0) {
                    continue;
                }
                int preferred = 0;
                for (int e = queueStart[q]; e < queueStart[q + 1]; e++) {
                    if (preferred(e)) {
                        preferred++;
                    }
                }
                if (preferred > extras[q]) {
                    contested[q] = true;
                    continue;
                }
                for (int e = queueStart[q]; e < queueStart[q + 1]; e++) {
                    if (preferred(e)) {
                        grant(e);
                    }
                }
                unassigned[q] = extras[q] - preferred;
            }
            for (int q = 0; q < queues.length; q++) {
                if (contested[q]) {
                    grantToLowestTotals(q, extras[q], true);
                }
            }
            for (int q = 0; q < queues.length; q++) {
                if (unassigned[q] > 0) {
                    grantToLowestTotals(q, unassigned[q], false);
                }
            }
        }

        private void grant(int e) {
            extra[e] = true;
            total[edgeWorker[e]]++;
        }

        /**
         * Grants {@code count} extras of queue {@code q} to the workers, preferred or not as asked,
         * with the lowest totals. Equal totals are taken in an order rotated by the queue's name, so
         * that many small queues do not all favour the lowest worker ids.
         */
        private void grantToLowestTotals(int q, int count, boolean preferred) {
            int from = queueStart[q];
            int servers = queueStart[q + 1] - from;
            int rotation = rotation(q, servers);
            long[] candidates = keys(servers);
            int n = 0;
            for (int e = from; e < from + servers; e++) {
                if (!extra[e] && preferred(e) == preferred) {
                    candidates[n++] = total[edgeWorker[e]];
                }
            }
            int threshold = (int) kthSmallest(candidates, n, count);
            int granted = grantInRotation(q, rotation, count, preferred, threshold, false);
            // Those granted above hold an extra now, so only the ties are left to match.
            grantInRotation(q, rotation, count - granted, preferred, threshold, true);
        }

        /** Grants up to {@code count} extras to the workers below (or at) {@code threshold}. */
        private int grantInRotation(int q, int rotation, int count, boolean preferred, int threshold, boolean at) {
            int from = queueStart[q];
            int to = queueStart[q + 1];
            int e = from + rotation;
            int granted = 0;
            for (int i = from; i < to && granted < count; i++) {
                int t = total[edgeWorker[e]];
                if (!extra[e] && preferred(e) == preferred && (at ? t == threshold : t < threshold)) {
                    grant(e);
                    granted++;
                }
                e = e + 1 == to ? from : e + 1;
            }
            return granted;
        }

        private int rotation(int q, int servers) {
            int hash = queues[q].name().hashCode() * 0x9E3779B9;
            return Math.floorMod(hash ^ (hash >>> 16), servers);
        }

        /** The {@code k}-th smallest (from 1) of {@code values[0 .. n)}, which it may reorder. */
        private long kthSmallest(long[] values, int n, int k) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            if (max - min > 4L * n + 64) {
                Arrays.sort(values, 0, n);
                return values[k - 1];
            }
            // Totals usually lie within a few units of each other: count rather than sort.
            int range = (int) (max - min) + 1;
            if (counts.length < range) {
                counts = new int[Math.max(range, 2 * counts.length)];
            }
            Arrays.fill(counts, 0, range, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (values[i] - min)]++;
            }
            int seen = 0;
            for (int offset = 0; ; offset++) {
                seen += counts[offset];
                if (seen >= k) {
                    return min + offset;
                }
            }
        }

        private long[] keys(int size) {
            if (keys.length < size) {
                keys = new long[Math.max(size, 2 * keys.length)];
            }
            return keys;
        }

        /** Goal 3, within goal 4 except where every worker serves the same queues. */
        private void evenOutTotals() {
            boolean homogeneous = true;
            for (int q = 0; q < queues.length; q++) {
                int servers = queueStart[q + 1] - queueStart[q];
                homogeneous &= servers == 0 || servers == workerIds.length;
            }
            if (homogeneous && spread() <= 1) {
                return;
            }
            boolean exchanged = true;
            while (exchanged) {
                exchanged = false;
                for (int q = 0; q < queues.length; q++) {
                    if (extras[q] > 0) {
                        exchanged |= exchangeWithinQueue(q);
                    }
                }
            }
            if (homogeneous && spread() > 1) {
                new Balancer().run();
            }
        }

        private int spread() {
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

        /**
         * Passes extras of queue {@code q} from high-total to low-total workers wherever that costs
         * no move: from a preferred worker to a preferred one, or from a worker that is not preferred
         * to another that is not. (A queue never has both a non-preferred holder and a preferred
         * worker without an extra: preferred workers get extras first, and these exchanges keep it
         * so.) Returns whether it passed any.
         */
        private boolean exchangeWithinQueue(int q) {
            int from = queueStart[q];
            int servers = queueStart[q + 1] - from;
            // Most queues have nothing to exchange: find out before sorting anything.
            int[] highestGiver = {Integer.MIN_VALUE, Integer.MIN_VALUE};
            int[] lowestTaker = {Integer.MAX_VALUE, Integer.MAX_VALUE};
            for (int e = from; e < from + servers; e++) {
                int kind = preferred(e) ? 1 : 0;
                if (extra[e]) {
                    highestGiver[kind] = Math.max(highestGiver[kind], total[edgeWorker[e]]);
                } else {
                    lowestTaker[kind] = Math.min(lowestTaker[kind], total[edgeWorker[e]]);
                }
            }
            boolean passed = false;
            for (int kind = 0; kind < 2; kind++) {
                if (lowestTaker[kind] != Integer.MAX_VALUE && highestGiver[kind] >= lowestTaker[kind] + 2) {
                    passed |= exchangeWithinQueue(q, kind == 1);
                }
            }
            return passed;
        }

        /**
         * Pairs the holders of an extra with the highest totals with the workers without one with the
         * lowest, all preferred or all not, while they differ by two or more; each pair passes one
         * extra.
         */
        private boolean exchangeWithinQueue(int q, boolean preferred) {
            int from = queueStart[q];
            int servers = queueStart[q + 1] - from;
            long[] sorted = keys(servers);
            int givers = 0;
            int takers = servers;
            // Givers fill the front, takers the back; each sorted by total, then position.
            for (int pos = 0; pos < servers; pos++) {
                int e = from + pos;
                if (preferred(e) == preferred) {
                    long key = (long) total[edgeWorker[e]] << 32 | pos;
                    if (extra[e]) {
                        sorted[givers++] = key;
                    } else {
                        sorted[--takers] = key;
                    }
                }
            }
            Arrays.sort(sorted, 0, givers);
            Arrays.sort(sorted, takers, servers);
            int pairs = 0;
            while (pairs < givers && takers + pairs < servers) {
                long giver = sorted[givers - 1 - pairs];
                long taker = sorted[takers + pairs];
                if ((giver >>> 32) < (taker >>> 32) + 2) {
                    break;
                }
                move(from + (int) giver, from + (int) taker);
                pairs++;
            }
            return pairs > 0;
        }

        private void move(int giver, int taker) {
            extra[giver] = false;
            total[edgeWorker[giver]]--;
            grant(taker);
        }

        /**
         * Evens out the totals of a homogeneous allocation at the fewest extra moves. This is a
         * min-cost flow of extras from queues to workers, each worker taking {@code lo} or {@code lo
         * + 1} of them (a node {@code R} lets exactly {@code slots} take the {@code + 1}), at cost -1
         * per extra given to a preferred worker. The quotas so far satisfy its optimality condition,
         * no exchange cycle of negative cost: every queue gives its extras to preferred workers
         * first, and the free exchanges since keep it so. Pushing the surplus along cheapest paths
         * to workers short of their share (successive shortest paths) therefore ends optimal.
         *
         * <p>A worker reaches a queue in which it holds an extra, at cost 1 if it is preferred there
         * (giving the extra up costs a move); a queue reaches a worker without its extra, at cost -1
         * if that worker is preferred; a worker at or below {@code lo} reaches {@code R} (taking a
         * {@code + 1} slot), and {@code R} reaches a worker above {@code lo} (freeing one). Costs turn
         * negative after the first pushes, hence Bellman-Ford with a queue rather than Dijkstra. One
         * search serves many pushes: with its distances as potentials, every path whose steps all
         * keep to them is a cheapest path, and pushing along one keeps the potentials valid, so a
         * depth-first search with per-node cursors pushes along such paths until none is left
         * (primal-dual), and only then is the next search needed. Joining a large cluster needs a
         * hundred pushes but two searches.
         */
        private final class Balancer {

            private static final int UNREACHED = Integer.MAX_VALUE;

            private final int workers = workerIds.length;
            private final int r = workers + queues.length;
            private final int nodes = r + 1;
            private final int[] distance = new int[nodes];
            private final int[] pending = new int[nodes + 1];
            private final boolean[] queued = new boolean[nodes];
            private final int[] enqueued = new int[nodes];
            /** Per node, the next step the depth-first search tries. */
            private final int[] cursor = new int[nodes];

            private final boolean[] dead = new boolean[nodes];
            private final boolean[] onPath = new boolean[nodes];
            private final int[] path = new int[nodes];
            /** The edge each step of the path takes ({@code -1} into or out of {@code R}). */
            private final int[] step = new int[nodes];

            private final int[] heldInAll = new int[workers];
            private final int lo;
            private final int slots;
            private int atCeiling;
            private int head;
            private int tail;
            private boolean negativeCycle;

            Balancer() {
                long sum = 0;
                for (int t : total) {
                    sum += t;
                }
                lo = (int) (sum / workers);
                slots = (int) (sum % workers);
                for (int e = 0; e < held.length; e++) {
                    heldInAll[edgeWorker[e]] += held[e];
                }
            }

            void run() {
                while (true) {
                    atCeiling = 0;
                    boolean surplus = false;
                    for (int t : total) {
                        atCeiling += t > lo ? 1 : 0;
                        surplus |= t > lo + 1;
                    }
                    if (!surplus && atCeiling <= slots) {
                        return;
                    }
                    findDistances();
                    // The cheapest ends; among them those holding least: on a join, the newcomer.
                    int cheapest = UNREACHED;
                    int leastHeld = Integer.MAX_VALUE;
                    for (int w = 0; w < workers; w++) {
                        if (wanting(w) && distance[w] != UNREACHED) {
                            if (distance[w] < cheapest || (distance[w] == cheapest && heldInAll[w] < leastHeld)) {
                                cheapest = distance[w];
                                leastHeld = heldInAll[w];
                            }
                        }
                    }
                    if (negativeCycle || cheapest == UNREACHED || pushAll(cheapest, leastHeld) == 0) {
                        throw new IllegalStateException("no cheapest path evens out the totals");
                    }
                }
            }

            private boolean wanting(int w) {
                return total[w] < lo || (total[w] == lo && atCeiling < slots);
            }

            private boolean source(int node) {
                return distance[node] == 0 && (node == r ? atCeiling > slots : total[node] > lo + 1);
            }

            /** Bellman-Ford with a queue from every source of surplus. */
            private void findDistances() {
                Arrays.fill(distance, UNREACHED);
                Arrays.fill(enqueued, 0);
                head = 0;
                tail = 0;
                for (int w = 0; w < workers; w++) {
                    if (total[w] > lo + 1) {
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
                    int d = distance[node];
                    if (node < workers) {
                        for (int i = workerStart[node]; i < workerStart[node + 1]; i++) {
                            int e = workerEdges[i];
                            if (extra[e]) {
                                reach(workers + edgeQueue[e], d + (preferred(e) ? 1 : 0));
                            }
                        }
                        if (total[node] <= lo) {
                            reach(r, d);
                        }
                    } else if (node < r) {
                        int q = node - workers;
                        for (int f = queueStart[q]; f < queueStart[q + 1]; f++) {
                            if (!extra[f]) {
                                reach(edgeWorker[f], d - (preferred(f) ? 1 : 0));
                            }
                        }
                    } else {
                        for (int w = 0; w < workers; w++) {
                            if (total[w] > lo) {
                                reach(w, d);
                            }
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

            /** Pushes one unit along each path that keeps to the distances, until none is left. */
            private int pushAll(int cheapest, int leastHeld) {
                for (int w = 0; w < workers; w++) {
                    cursor[w] = workerStart[w];
                }
                for (int q = 0; q < queues.length; q++) {
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
                    if (next < workers && wanting(next) && distance[next] == cheapest && heldInAll[next] == leastHeld) {
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
             * Moves the cursor of {@code node}, at {@code depth} on the path, to its next step that
             * keeps to the distances and leads to a node neither dead nor on the path; records the
             * step's edge and returns where it leads, or -1 when there is none.
             */
            private int advance(int node, int depth) {
                int d = distance[node];
                if (node < workers) {
                    int end = workerStart[node + 1];
                    for (; cursor[node] <= end; cursor[node]++) {
                        int i = cursor[node];
                        if (i == end) {
                            if (total[node] <= lo && distance[r] == d && open(r)) {
                                step[depth] = -1;
                                return r;
                            }
                            continue;
                        }
                        int e = workerEdges[i];
                        int q = workers + edgeQueue[e];
                        if (extra[e] && distance[q] == d + (preferred(e) ? 1 : 0) && open(q)) {
                            step[depth] = e;
                            return q;
                        }
                    }
                } else if (node < r) {
                    int end = queueStart[node - workers + 1];
                    for (; cursor[node] < end; cursor[node]++) {
                        int f = cursor[node];
                        int w = edgeWorker[f];
                        if (!extra[f] && distance[w] == d - (preferred(f) ? 1 : 0) && open(w)) {
                            step[depth] = f;
                            return w;
                        }
                    }
                } else {
                    for (; cursor[r] < workers; cursor[r]++) {
                        int w = cursor[r];
                        if (total[w] > lo && distance[w] == d && open(w)) {
                            step[depth] = -1;
                            return w;
                        }
                    }
                }
                return -1;
            }

            private boolean open(int node) {
                return !dead[node] && !onPath[node];
            }

            private void transfer(int giver, int taker) {
                atCeiling += total[edgeWorker[taker]] == lo ? 1 : 0;
                atCeiling -= total[edgeWorker[giver]] == lo + 1 ? 1 : 0;
                move(giver, taker);
            }
        }

        /** Goal 1, keeping held partitions (lowest numbers first) up to each quota. */
        private AllocationPlan place() {
            Map<String, String[]> owners = new TreeMap<>();
            int[] kept = new int[0];
            int[] quota = new int[0];
            String[] ids = new String[0];
            int[] pool = new int[0];
            for (int q = 0; q < queues.length; q++) {
                int partitions = queues[q].partitions();
                String[] target = new String[partitions];
                owners.put(queues[q].name(), target);
                int from = queueStart[q];
                int servers = queueStart[q + 1] - from;
                if (servers == 0) {
                    continue;
                }
                if (kept.length < servers) {
                    kept = new int[Math.max(servers, 2 * kept.length)];
                    quota = new int[kept.length];
                    ids = new String[kept.length];
                }
                if (pool.length < partitions) {
                    pool = new int[Math.max(partitions, 2 * pool.length)];
                }
                for (int pos = 0; pos < servers; pos++) {
                    kept[pos] = 0;
                    quota[pos] = base[q] + (extra[from + pos] ? 1 : 0);
                    ids[pos] = workerIds[edgeWorker[from + pos]];
                }
                int[] current = holder[q];
                if (current == null) {
                    int p = 0;
                    for (int pos = 0; pos < servers; pos++) {
                        Arrays.fill(target, p, p + quota[pos], ids[pos]);
                        p += quota[pos];
                    }
                    continue;
                }
                int pooled = 0;
                for (int p = 0; p < partitions; p++) {
                    int pos = current[p];
                    if (pos >= 0 && kept[pos] < quota[pos]) {
                        target[p] = ids[pos];
                        kept[pos]++;
                    } else {
                        pool[pooled++] = p;
                    }
                }
                int handedOut = 0;
                for (int pos = 0; pos < servers; pos++) {
                    for (int missing = quota[pos] - kept[pos]; missing > 0; missing--) {
                        target[pool[handedOut++]] = ids[pos];
                    }
                }
            }
            return new AllocationPlan(owners);
        }
    }
}
