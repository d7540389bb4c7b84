package io.goxhelix.coordination;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.WorkerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the allocator is asked in a round: the members to divide among and the current owners. */
final class AllocationInputs {

    private AllocationInputs() {}

    /** @param workers the round's workers by id, with the drain changes it made so far */
    static AllocationInput of(DomainState state, Map<String, WorkerRow> workers, Map<String, PartitionRow[]> served) {
        List<WorkerSpec> members = new ArrayList<>();
        for (WorkerRow listed : state.workers()) {
            WorkerRow w = workers.get(listed.id());
            // Cordoned and draining workers are not divided among: they receive nothing.
            if (w.member() && w.mode().receives()) {
                WorkerProfile profile = w.profile();
                members.add(new WorkerSpec(
                        w.id(), w.queues(), profile.weight(), profile.maxPartitions(), profile.labels()));
            }
        }
        Map<String, String[]> owners = new HashMap<>();
        for (Map.Entry<String, PartitionRow[]> e : served.entrySet()) {
            PartitionRow[] rows = e.getValue();
            String[] owner = new String[rows.length];
            for (int p = 0; p < rows.length; p++) {
                // A held partition counts as its worker's, so that it stays with it (no move).
                if (rows[p] != null
                        && (rows[p].state() == PartitionState.ASSIGNED || rows[p].state() == PartitionState.HELD)) {
                    owner[p] = rows[p].owner();
                }
            }
            owners.put(e.getKey(), owner);
        }
        return new AllocationInput(state.queues(), members, owners);
    }
}
