package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns decided quotas into owners (goal 1 of {@link Allocator}, at the moves goal 4 counted): in
 * each queue every worker keeps its lowest-numbered held partitions up to its quota; the rest are
 * pooled and handed out in ascending order to the workers below quota, in position order. A queue
 * nobody holds is cut into consecutive runs, one per worker in position order; a queue nobody serves
 * gets {@code null} owners.
 */
final class Placement {

    private final ServingIndex serving;
    private final CurrentHoldings holdings;
    private final Quotas quotas;

    // Per position within the queue at hand, grown to the largest queue.
    private int[] kept = new int[0];
    private int[] quota = new int[0];
    private String[] ids = new String[0];
    /** The partitions of the queue at hand that nobody keeps, ascending. */
    private int[] pool = new int[0];

    private Placement(ServingIndex serving, CurrentHoldings holdings, Quotas quotas) {
        this.serving = serving;
        this.holdings = holdings;
        this.quotas = quotas;
    }

    static AllocationPlan place(ServingIndex serving, CurrentHoldings holdings, Quotas quotas) {
        var placement = new Placement(serving, holdings, quotas);
        Map<String, String[]> owners = new TreeMap<>();
        QueueSpec[] queues = serving.queues();
        for (int q = 0; q < queues.length; q++) {
            String[] target = new String[queues[q].partitions()];
            owners.put(queues[q].name(), target);
            if (serving.servers(q) > 0) {
                placement.placeQueue(q, target);
            }
        }
        return new AllocationPlan(owners);
    }

    private void placeQueue(int q, String[] target) {
        int from = serving.queueStart()[q];
        int servers = serving.servers(q);
        if (kept.length < servers) {
            kept = new int[Math.max(servers, 2 * kept.length)];
            quota = new int[kept.length];
            ids = new String[kept.length];
        }
        if (pool.length < target.length) {
            pool = new int[Math.max(target.length, 2 * pool.length)];
        }
        String[] workerIds = serving.workerIds();
        int[] edgeWorker = serving.edgeWorker();
        for (int pos = 0; pos < servers; pos++) {
            kept[pos] = 0;
            quota[pos] = quotas.quota(from + pos);
            ids[pos] = workerIds[edgeWorker[from + pos]];
        }
        int[] current = holdings.holder(q);
        if (current == null) {
            cutIntoRuns(target, servers);
        } else {
            keepThenHandOut(target, current, servers);
        }
    }

    private void cutIntoRuns(String[] target, int servers) {
        int p = 0;
        for (int pos = 0; pos < servers; pos++) {
            Arrays.fill(target, p, p + quota[pos], ids[pos]);
            p += quota[pos];
        }
    }

    private void keepThenHandOut(String[] target, int[] current, int servers) {
        int partitions = target.length;
        int[] kept = this.kept;
        int[] quota = this.quota;
        String[] ids = this.ids;
        int[] pool = this.pool;
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
}
