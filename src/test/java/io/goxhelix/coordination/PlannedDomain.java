package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One domain's rows in memory for planned events: plans applied as the store applies them (rows
 * upserted, versions moved, drains moved on if still as read), workers listed in the order their
 * drains were asked for, and what every round did recorded for the checks: each partition's moves
 * (a grant to a worker other than its previous owner), and the grants each worker got while it was
 * not receiving.
 */
final class PlannedDomain {

    final List<QueueSpec> queues = new ArrayList<>();
    final Map<String, WorkerRow> workers = new TreeMap<>();
    final Map<String, PartitionRow> rows = new TreeMap<>();
    /** Drain requests in order: the store lists workers by {@code drain_since}. */
    final List<String> drainOrder = new ArrayList<>();

    final Map<String, Integer> moves = new HashMap<>();
    final Map<String, String> lastOwner = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    final int budget;
    boolean frozen;
    int revokes;
    int maxDraining;

    PlannedDomain(int partitions, int budget) {
        this.budget = budget;
        queues.add(new QueueSpec("q", partitions));
    }

    void join(String id, String version) {
        WorkerRow old = workers.get(id);
        long v = old == null ? 0 : old.live() ? old.version() : old.version() + 1;
        long acked = old == null ? 0 : old.ackedVersion();
        workers.put(
                id,
                WorkerRow.builder(id, Set.of("q"))
                        .versions(v, acked)
                        .appVersion(version)
                        .build());
    }

    void leave(String id) {
        WorkerRow w = workers.get(id);
        workers.put(id, RowChanges.left(w, false));
        drainOrder.remove(id);
    }

    void drain(String id) {
        WorkerRow w = workers.get(id);
        if (w.drain() == Drain.NONE) {
            workers.put(id, w.withDrain(Drain.QUEUED));
            drainOrder.add(id);
        }
    }

    void cordon(String id, boolean on) {
        WorkerRow w = workers.get(id);
        workers.put(
                id,
                WorkerRow.builder(id, w.queues())
                        .versions(w.version(), w.ackedVersion())
                        .live(w.live())
                        .leaseExpired(w.leaseExpired())
                        .cordoned(on)
                        .drain(w.drain())
                        .appVersion(w.appVersion())
                        .build());
    }

    DomainState state() {
        List<WorkerRow> read = new ArrayList<>();
        for (String id : drainOrder) {
            if (workers.get(id).live()) {
                read.add(workers.get(id));
            }
        }
        workers.values().stream()
                .filter(w -> w.live() && !drainOrder.contains(w.id()))
                .forEach(read::add);
        return new DomainState("d", queues, read, List.copyOf(rows.values()), frozen);
    }

    /** One round, applied; every live worker then acknowledges. */
    RoundPlan round() {
        DomainState state = state();
        RoundPlan plan = Rebalance.decide(state, budget, LoadInputs.DEFAULT_SETTINGS);
        for (PartitionRow r : plan.partitions()) {
            String key = r.queue() + "/" + r.partition();
            PartitionRow before = rows.put(key, r);
            boolean takenFromAnOwner = before != null
                    && entitled(state, before)
                    && r.state() == PartitionState.ASSIGNED
                    && (!before.owner().equals(r.owner()) || before.epoch() != r.epoch());
            if (takenFromAnOwner) {
                violations.add(key + " granted to " + r.owner() + " while " + before.owner() + " was entitled");
            }
            if (frozen
                    && before != null
                    && before.state() == PartitionState.ASSIGNED
                    && r.state() == PartitionState.RELEASING
                    && workers.get(before.owner()).active()
                    && workers.get(before.owner()).drain() == Drain.NONE) {
                violations.add(key + " revoked from " + before.owner() + " for balance in a frozen domain");
            }
            if (r.state() == PartitionState.ASSIGNED && (before == null || before.state() != PartitionState.ASSIGNED)) {
                WorkerRow to = workers.get(r.owner());
                if (!to.mode().receives()) {
                    violations.add(r.owner() + " in mode " + to.mode() + " was granted " + key);
                }
                String previous = lastOwner.put(key, r.owner());
                if (previous != null && !previous.equals(r.owner())) {
                    moves.merge(key, 1, Integer::sum);
                }
            }
        }
        revokes += plan.revokes();
        for (DrainChange c : plan.drains()) {
            WorkerRow w = workers.get(c.id());
            if (w.drain() == c.from()) {
                workers.put(c.id(), w.withDrain(c.to()));
            }
        }
        for (WorkerChange c : plan.workers()) {
            WorkerRow w = workers.get(c.id());
            workers.put(
                    c.id(),
                    WorkerRow.builder(c.id(), w.queues())
                            .versions(c.newVersion(), c.newVersion())
                            .live(!c.expired())
                            .cordoned(w.cordoned())
                            .drain(w.drain())
                            .appVersion(w.appVersion())
                            .build());
        }
        long draining = workers.values().stream()
                .filter(w -> w.live() && w.drain() == Drain.DRAINING)
                .count();
        maxDraining = Math.max(maxDraining, (int) draining);
        return plan;
    }

    /** Whether the round that read {@code state} had to treat {@code row}'s owner as entitled to it. */
    private static boolean entitled(DomainState state, PartitionRow row) {
        if (row.state() != PartitionState.ASSIGNED && row.state() != PartitionState.RELEASING) {
            return false;
        }
        WorkerRow owner = state.workers().stream()
                .filter(w -> w.id().equals(row.owner()))
                .findFirst()
                .orElse(null);
        if (owner == null || !owner.active()) {
            return false;
        }
        return row.state() == PartitionState.ASSIGNED || owner.ackedVersion() < row.releaseVersion();
    }

    /** Rounds until nothing changes. */
    void settle() {
        for (int i = 0; i < 20; i++) {
            if (round().isEmpty()) {
                return;
            }
        }
        throw new AssertionError("rounds did not settle");
    }

    Map<String, Long> counts() {
        return rows.values().stream()
                .filter(r -> r.state() == PartitionState.ASSIGNED)
                .collect(Collectors.groupingBy(PartitionRow::owner, TreeMap::new, Collectors.counting()));
    }

    Map<String, WorkerMode> modes() {
        Map<String, WorkerMode> modes = new LinkedHashMap<>();
        workers.values().stream().filter(WorkerRow::live).forEach(w -> modes.put(w.id(), w.mode()));
        return modes;
    }

    int maxMovesPerPartition() {
        return moves.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    int totalMoves() {
        return moves.values().stream().mapToInt(Integer::intValue).sum();
    }
}
