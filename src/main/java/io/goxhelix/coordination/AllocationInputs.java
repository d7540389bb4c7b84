package io.goxhelix.coordination;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.WorkerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the allocator is asked in a round: the members to divide among and the current owners.
 *
 * <p>A worker that keeps what it holds but receives nothing (cordoned, or queued to drain) takes part
 * as a member whose partitions are pinned to it and whose room is exactly what it keeps: the others
 * then share the rest among themselves. Left out instead, its partitions would count as free and be
 * divided among the others as targets the round never grants (the worker keeps them), so a worker
 * that joined meanwhile could be left with nothing. Such a round is decided by the constrained mode
 * (pins), which balances the others' totals greedily rather than exactly.
 */
final class AllocationInputs {

    private AllocationInputs() {}

    /** @param workers the round's workers by id, with the drain changes it made so far */
    static AllocationInput of(DomainState state, Map<String, WorkerRow> workers, Map<String, PartitionRow[]> served) {
        Map<String, Integer> kept = new HashMap<>();
        Map<String, Map<Integer, String>> keptPins = new HashMap<>();
        Map<String, String[]> owners = new HashMap<>();
        for (Map.Entry<String, PartitionRow[]> e : served.entrySet()) {
            PartitionRow[] rows = e.getValue();
            String[] owner = new String[rows.length];
            for (int p = 0; p < rows.length; p++) {
                // A held partition counts as its worker's, so that it stays with it (no move).
                if (rows[p] != null
                        && (rows[p].state() == PartitionState.ASSIGNED || rows[p].state() == PartitionState.HELD)) {
                    owner[p] = rows[p].owner();
                    WorkerRow w = workers.get(owner[p]);
                    if (keepsWithoutReceiving(w) && w.queues().contains(e.getKey())) {
                        kept.merge(w.id(), 1, Integer::sum);
                        keptPins.computeIfAbsent(e.getKey(), q -> new HashMap<>())
                                .put(p, w.id());
                    }
                }
            }
            owners.put(e.getKey(), owner);
        }
        return new AllocationInput(pinned(state.queues(), keptPins), members(state, workers, kept), owners);
    }

    private static boolean keepsWithoutReceiving(WorkerRow w) {
        return w != null && w.active() && w.mode().keeps() && !w.mode().receives();
    }

    private static List<WorkerSpec> members(
            DomainState state, Map<String, WorkerRow> workers, Map<String, Integer> kept) {
        List<WorkerSpec> members = new ArrayList<>();
        for (WorkerRow listed : state.workers()) {
            WorkerRow w = workers.get(listed.id());
            WorkerProfile profile = w.profile();
            // Draining workers are not divided among: they receive nothing and keep nothing.
            if (w.member() && w.mode().receives()) {
                members.add(new WorkerSpec(
                        w.id(), w.queues(), profile.weight(), profile.maxPartitions(), profile.labels()));
            } else if (kept.containsKey(w.id())) {
                int room = Math.min(profile.maxPartitions(), kept.get(w.id()));
                members.add(new WorkerSpec(w.id(), w.queues(), profile.weight(), room, profile.labels()));
            }
        }
        return members;
    }

    /** The queues with the kept partitions pinned to their keepers; an operator's pin comes first. */
    private static List<QueueSpec> pinned(List<QueueSpec> queues, Map<String, Map<Integer, String>> keptPins) {
        if (keptPins.isEmpty()) {
            return queues;
        }
        List<QueueSpec> result = new ArrayList<>(queues.size());
        for (QueueSpec q : queues) {
            Map<Integer, String> extra = keptPins.get(q.name());
            if (extra == null) {
                result.add(q);
                continue;
            }
            Map<Integer, String> pins = new HashMap<>(extra);
            pins.putAll(q.pins());
            result.add(
                    new QueueSpec(q.name(), q.partitions(), q.priority(), q.requiredLabels(), q.spreadLabel(), pins));
        }
        return result;
    }
}
