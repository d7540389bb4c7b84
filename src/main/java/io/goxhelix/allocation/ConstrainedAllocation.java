package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The constrained mode of {@link Allocator}: weights, capacities, priorities, required labels, zone
 * spread and pins. One shot per input, in named steps:
 *
 * <ol>
 *   <li>{@link #pinAll}: every honourable pin is placed first, over all queues, in priority order.
 *   <li>{@link #assignQueue}, queue after queue in priority order (higher first, then by name): the
 *       queue's eligible workers (serving it, carrying its required labels, with room left) split
 *       its unpinned partitions by weight within their room ({@link Shares}), across the values of
 *       the spread label first when the queue has one; what does not fit stays unassigned, with its
 *       {@link Shortfall}.
 *   <li>{@link #place}: each worker keeps its lowest-numbered held partitions of the queue up to its
 *       target; the others are handed out in ascending order to the workers below target.
 * </ol>
 *
 * Because queues take room in priority order, a partition of a queue stays unassigned for capacity
 * only when every worker eligible for it is full with partitions of queues of the same or a higher
 * priority, or pins.
 */
final class ConstrainedAllocation {

    private final WorkerSpec[] workers;
    private final IdIndex index;
    private final Map<String, String[]> current;
    private final int[] room;
    private final long[] total;
    /** Per worker, its position among the members of the queue at hand, or -1. */
    private final int[] positionOf;

    private final Map<String, String[]> owners = new TreeMap<>();
    private final Map<String, boolean[]> pinned = new TreeMap<>();
    private final Map<String, Shortfall> shortfalls = new TreeMap<>();

    private ConstrainedAllocation(AllocationInput input) {
        workers = input.workers().toArray(WorkerSpec[]::new);
        Arrays.sort(workers, Comparator.comparing(WorkerSpec::id));
        String[] ids = new String[workers.length];
        room = new int[workers.length];
        for (int i = 0; i < workers.length; i++) {
            ids[i] = workers[i].id();
            room[i] = workers[i].maxPartitions();
        }
        index = new IdIndex(ids);
        current = input.owners();
        total = new long[workers.length];
        positionOf = new int[workers.length];
        Arrays.fill(positionOf, -1);
    }

    static AllocationPlan allocate(AllocationInput input) {
        var allocation = new ConstrainedAllocation(input);
        QueueSpec[] queues = input.queues().toArray(QueueSpec[]::new);
        Arrays.sort(queues, QueueSpec.BY_PRIORITY);
        for (QueueSpec queue : queues) {
            allocation.owners.put(queue.name(), new String[queue.partitions()]);
            allocation.pinned.put(queue.name(), new boolean[queue.partitions()]);
        }
        for (QueueSpec queue : queues) {
            allocation.pinAll(queue);
        }
        for (QueueSpec queue : queues) {
            allocation.assignQueue(queue);
        }
        return new AllocationPlan(allocation.owners, allocation.shortfalls);
    }

    private boolean eligible(int worker, QueueSpec queue) {
        return ConstrainedEligibility.eligible(workers[worker], queue);
    }

    /** Places the queue's pins whose worker is eligible and has room, in partition order. */
    private void pinAll(QueueSpec queue) {
        String[] target = owners.get(queue.name());
        boolean[] isPinned = pinned.get(queue.name());
        for (var pin : new TreeMap<>(queue.pins()).entrySet()) {
            int p = pin.getKey();
            int worker = index.find(pin.getValue());
            if (p < 0 || p >= target.length || worker < 0 || room[worker] == 0 || !eligible(worker, queue)) {
                continue;
            }
            target[p] = workers[worker].id();
            isPinned[p] = true;
            room[worker]--;
            total[worker]++;
        }
    }

    private void assignQueue(QueueSpec queue) {
        boolean[] isPinned = pinned.get(queue.name());
        int unpinned = 0;
        for (boolean p : isPinned) {
            unpinned += p ? 0 : 1;
        }
        if (unpinned == 0) {
            return;
        }
        int[] members = members(queue);
        int[] holder = holders(queue, members, isPinned);
        int[] held = new int[members.length];
        for (int pos : holder) {
            if (pos >= 0) {
                held[pos]++;
            }
        }
        int[] target = members.length == 0 ? new int[0] : targets(queue, members, unpinned, held);
        int assigned = place(queue, members, holder, target);
        for (int pos = 0; pos < members.length; pos++) {
            positionOf[members[pos]] = -1;
        }
        if (assigned < unpinned) {
            shortfalls.put(
                    queue.name(), new Shortfall(unpinned - assigned, ConstrainedEligibility.reason(queue, workers)));
        }
    }

    /** The eligible workers of the queue, by index; sets {@link #positionOf} for them. */
    private int[] members(QueueSpec queue) {
        int[] members = new int[workers.length];
        int count = 0;
        for (int w = 0; w < workers.length; w++) {
            if (eligible(w, queue)) {
                positionOf[w] = count;
                members[count++] = w;
            }
        }
        return Arrays.copyOf(members, count);
    }

    /** Per partition, the member position of its current owner; -1 when free, ineligible or pinned. */
    private int[] holders(QueueSpec queue, int[] members, boolean[] isPinned) {
        int[] holder = new int[queue.partitions()];
        Arrays.fill(holder, -1);
        String[] now = current.get(queue.name());
        if (now == null || members.length == 0) {
            return holder;
        }
        for (int p = 0; p < Math.min(now.length, holder.length); p++) {
            if (now[p] != null && !isPinned[p]) {
                int worker = index.find(now[p]);
                holder[p] = worker < 0 ? -1 : positionOf[worker];
            }
        }
        return holder;
    }

    private int[] targets(QueueSpec queue, int[] members, int n, int[] held) {
        int k = members.length;
        int[] weight = new int[k];
        int[] roomOf = new int[k];
        long[] totalOf = new long[k];
        for (int pos = 0; pos < k; pos++) {
            weight[pos] = workers[members[pos]].weight();
            roomOf[pos] = room[members[pos]];
            totalOf[pos] = total[members[pos]];
        }
        int rotation = Math.floorMod(queue.name().hashCode(), k);
        if (queue.spreadLabel().isEmpty()) {
            return Shares.split(n, weight, roomOf, held, totalOf, rotation);
        }
        var zones = Zones.of(queue.spreadLabel(), members, workers);
        return zones.split(n, weight, roomOf, held, totalOf, rotation);
    }

    /** Keeps, then hands out; returns how many partitions got an owner. */
    private int place(QueueSpec queue, int[] members, int[] holder, int[] target) {
        String[] owner = owners.get(queue.name());
        boolean[] isPinned = pinned.get(queue.name());
        int[] kept = new int[members.length];
        int[] pool = new int[holder.length];
        int pooled = 0;
        for (int p = 0; p < holder.length; p++) {
            int pos = holder[p];
            if (isPinned[p]) {
                continue;
            }
            if (pos >= 0 && kept[pos] < target[pos]) {
                owner[p] = workers[members[pos]].id();
                kept[pos]++;
            } else {
                pool[pooled++] = p;
            }
        }
        int handedOut = 0;
        for (int pos = 0; pos < members.length; pos++) {
            for (int missing = target[pos] - kept[pos]; missing > 0; missing--) {
                owner[pool[handedOut++]] = workers[members[pos]].id();
            }
            room[members[pos]] -= target[pos];
            total[members[pos]] += target[pos];
        }
        int assigned = 0;
        for (int pos = 0; pos < members.length; pos++) {
            assigned += target[pos];
        }
        return assigned;
    }
}
