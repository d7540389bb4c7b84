package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Who serves which queue, as int arrays: workers ranked by id, queues by name, and an
 * <em>edge</em> per (queue, serving worker) pair. Edges are numbered queue by queue, with the workers
 * of a queue in ascending rank, so an edge's <em>position</em> within its queue identifies the worker
 * there; every worker also lists its own edges, in queue order. Names of queues the input does not
 * know are left out. Built once per allocation and never changed.
 *
 * @param workerIds the worker ids, ascending
 * @param queues the queues, by ascending name
 * @param queueStart per queue, its first edge; the last entry is the number of edges
 * @param edgeWorker per edge, its worker
 * @param edgeQueue per edge, its queue
 * @param workerStart per worker, where its edges start in {@code workerEdges}; the last entry is the
 *     number of edges
 * @param workerEdges the edges of every worker in turn, each worker's in queue order
 */
record ServingIndex(
        String[] workerIds,
        QueueSpec[] queues,
        int[] queueStart,
        int[] edgeWorker,
        int[] edgeQueue,
        int[] workerStart,
        int[] workerEdges) {

    /**
     * The index of {@code input}'s workers and queues.
     *
     * @throws IllegalArgumentException when the queues have more than {@link Integer#MAX_VALUE}
     *     partitions in all
     */
    static ServingIndex of(AllocationInput input) {
        WorkerSpec[] workers = input.workers().toArray(WorkerSpec[]::new);
        Arrays.sort(workers, Comparator.comparing(WorkerSpec::id));
        String[] workerIds = new String[workers.length];
        for (int w = 0; w < workers.length; w++) {
            workerIds[w] = workers[w].id();
        }
        QueueSpec[] queues = input.queues().toArray(QueueSpec[]::new);
        Arrays.sort(queues, Comparator.comparing(QueueSpec::name));
        int[] queueStart = new int[queues.length + 1];
        int[] workerStart = new int[workers.length + 1];
        int[][] served = served(workers, queueIndex(queues), queueStart, workerStart);
        for (int q = 0; q < queues.length; q++) {
            queueStart[q + 1] += queueStart[q];
        }
        int edges = queueStart[queues.length];
        int[] edgeWorker = new int[edges];
        int[] edgeQueue = new int[edges];
        int[] next = Arrays.copyOf(queueStart, queues.length);
        for (int w = 0; w < workers.length; w++) {
            for (int i = 0; i < workerStart[w + 1] - workerStart[w]; i++) {
                int e = next[served[w][i]]++;
                edgeWorker[e] = w;
                edgeQueue[e] = served[w][i];
            }
        }
        int[] workerEdges = new int[edges];
        next = Arrays.copyOf(workerStart, workers.length);
        for (int e = 0; e < edges; e++) {
            workerEdges[next[edgeWorker[e]]++] = e;
        }
        return new ServingIndex(workerIds, queues, queueStart, edgeWorker, edgeQueue, workerStart, workerEdges);
    }

    private static Map<String, Integer> queueIndex(QueueSpec[] queues) {
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
        return queueIndex;
    }

    /**
     * Per worker, the indices of the known queues it serves; counts each queue's servers into {@code
     * queueStart[q + 1]} and sums the workers' edges up into {@code workerStart}.
     */
    private static int[][] served(
            WorkerSpec[] workers, Map<String, Integer> queueIndex, int[] queueStart, int[] workerStart) {
        int[][] served = new int[workers.length][];
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
        return served;
    }

    int workerCount() {
        return workerIds.length;
    }

    int queueCount() {
        return queues.length;
    }

    int edgeCount() {
        return edgeWorker.length;
    }

    /** The number of workers that serve queue {@code q}. */
    int servers(int q) {
        return queueStart[q + 1] - queueStart[q];
    }

    /** Whether every queue is served by all workers or by none. */
    boolean homogeneous() {
        boolean homogeneous = true;
        for (int q = 0; q < queues.length; q++) {
            int servers = servers(q);
            homogeneous &= servers == 0 || servers == workerIds.length;
        }
        return homogeneous;
    }
}
