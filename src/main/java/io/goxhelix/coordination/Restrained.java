package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The division of a restrained round (a freeze or a rollout, see {@link Rebalance}): nothing moves
 * for balance; what must move is placed one partition at a time on the least loaded receiving worker
 * that serves its queue, of the newest version during a rollout when one serves it.
 *
 * <p>Each placement scans the workers, which is cheap for the few partitions a planned event moves;
 * a cold start of a large frozen domain pays partitions times workers once.
 */
final class Restrained {

    /** What the round lets a division do. */
    interface Moves {
        WorkerRow worker(String id);

        Iterable<WorkerRow> workers();

        void grant(PartitionRow row, String owner);

        /** Whether a grant to the worker stays within its {@code maxPartitions}. */
        boolean hasRoom(String workerId);

        void revoke(PartitionRow row);

        PartitionRow free(PartitionRow row);
    }

    private final Moves moves;
    private final Map<String, PartitionRow[]> served;
    private final String newest;
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> inQueue = new HashMap<>();

    /** @param newest the version a rollout moves to, null if the domain is only frozen */
    Restrained(Moves moves, Map<String, PartitionRow[]> served, String newest) {
        this.moves = moves;
        this.served = served;
        this.newest = newest;
    }

    void placeWhatMustMove(List<QueueSpec> queues) {
        countLoads();
        for (QueueSpec q : queues) {
            PartitionRow[] rows = served.get(q.name());
            for (int p = 0; p < rows.length; p++) {
                PartitionRow row = rows[p] != null ? rows[p] : PartitionRow.unassigned(q.name(), p, 0);
                settle(row, q);
            }
        }
    }

    private void settle(PartitionRow row, QueueSpec queue) {
        switch (row.state()) {
            case ASSIGNED -> {
                WorkerRow owner = moves.worker(row.owner());
                if (!owner.mode().keeps() || !owner.queues().contains(row.queue())) {
                    moves.revoke(row);
                }
            }
            case RELEASING -> {
                // The grant waits for the owner's acknowledgement or lease end.
            }
            case HELD -> {
                WorkerRow owner = moves.worker(row.owner());
                if (owner.held()) {
                    return; // still away, within its grace: the partition waits for it
                }
                if (owner.active() && owner.mode().receives() && owner.queues().contains(row.queue())) {
                    give(row, owner.id());
                } else {
                    place(row, queue);
                }
            }
            case UNASSIGNED -> place(row, queue);
        }
    }

    private void place(PartitionRow row, QueueSpec queue) {
        String to = leastLoaded(queue);
        if (to != null) {
            give(row, to);
        } else if (row.state() == PartitionState.HELD) {
            moves.free(row);
        }
    }

    private void give(PartitionRow row, String to) {
        moves.grant(row, to);
        total.merge(to, 1, Integer::sum);
        inQueue.merge(to + '\u0000' + row.queue(), 1, Integer::sum);
    }

    /**
     * The receiving worker serving {@code queue}, with its required labels and room left, with fewest
     * of its partitions, then fewest in all.
     */
    private String leastLoaded(QueueSpec spec) {
        String queue = spec.name();
        WorkerRow best = null;
        boolean bestNewest = false;
        for (WorkerRow w : moves.workers()) {
            if (!w.active() || !w.mode().receives() || !w.queues().contains(queue) || !moves.hasRoom(w.id())) {
                continue;
            }
            if (!spec.labelsMetBy(w.profile().labels())) {
                continue;
            }
            boolean isNewest = newest != null && AppVersion.compare(w.appVersion(), newest) == 0;
            if (best == null || (isNewest && !bestNewest) || (isNewest == bestNewest && lighter(w, best, queue))) {
                best = w;
                bestNewest = isNewest;
            }
        }
        return best == null ? null : best.id();
    }

    private boolean lighter(WorkerRow a, WorkerRow b, String queue) {
        int qa = inQueue.getOrDefault(a.id() + '\u0000' + queue, 0);
        int qb = inQueue.getOrDefault(b.id() + '\u0000' + queue, 0);
        if (qa != qb) {
            return qa < qb;
        }
        int ta = total.getOrDefault(a.id(), 0);
        int tb = total.getOrDefault(b.id(), 0);
        return ta != tb ? ta < tb : a.id().compareTo(b.id()) < 0;
    }

    /** What each worker holds or is held for, as the round found it. */
    private void countLoads() {
        for (PartitionRow[] rows : served.values()) {
            for (PartitionRow row : rows) {
                if (row != null && row.owner() != null) {
                    total.merge(row.owner(), 1, Integer::sum);
                    inQueue.merge(row.owner() + '\u0000' + row.queue(), 1, Integer::sum);
                }
            }
        }
    }
}
