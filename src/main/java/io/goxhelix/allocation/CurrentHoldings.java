package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * Who validly holds what now, read once from the input's owners: per partition the position of its
 * holder within the queue, and per edge how many partitions of its queue its worker holds. An owner
 * that is not a known worker, or that does not serve the queue, counts as free, as does a partition
 * beyond the end of a short owner array; entries beyond the queue's end are ignored.
 */
final class CurrentHoldings {

    private final ServingIndex serving;
    private final int[] held;
    private final int[][] holder;

    private CurrentHoldings(ServingIndex serving) {
        this.serving = serving;
        held = new int[serving.edgeCount()];
        holder = new int[serving.queueCount()][];
    }

    static CurrentHoldings read(AllocationInput input, ServingIndex serving) {
        var holdings = new CurrentHoldings(serving);
        var index = new IdIndex(serving.workerIds());
        // Worker index to position in the queue at hand, -1 outside it.
        int[] position = new int[serving.workerCount()];
        Arrays.fill(position, -1);
        QueueSpec[] queues = serving.queues();
        for (int q = 0; q < queues.length; q++) {
            if (serving.servers(q) == 0) {
                continue;
            }
            String[] current = input.owners().get(queues[q].name());
            if (current != null) {
                holdings.holder[q] = holdings.readQueue(q, current, index, position);
            }
        }
        return holdings;
    }

    /** Partitions of edge {@code e}'s queue that its worker validly holds now. */
    int held(int e) {
        return held[e];
    }

    /**
     * Per partition of queue {@code q}, the position of its current valid owner, -1 when it is free;
     * {@code null} when the input has no owners for the queue or no worker serves it.
     */
    int[] holder(int q) {
        return holder[q];
    }

    private int[] readQueue(int q, String[] current, IdIndex index, int[] position) {
        int from = serving.queueStart()[q];
        int servers = serving.servers(q);
        int[] edgeWorker = serving.edgeWorker();
        int partitions = serving.queues()[q].partitions();
        int[] owners = new int[partitions];
        for (int pos = 0; pos < servers; pos++) {
            position[edgeWorker[from + pos]] = pos;
        }
        int[] held = this.held;
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
        return owners;
    }
}
