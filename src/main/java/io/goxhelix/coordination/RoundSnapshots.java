package io.goxhelix.coordination;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshots a round gives the workers whose version it moves: the partitions each is assigned
 * once the plan is written. The round had every partition row of the domain as stored (read under its
 * term, or the term's exact copy) and checked every such worker as it wrote it, so these are exactly
 * what the database holds at the new versions; the acting coordinator can push them to its own
 * streams without reading them back.
 */
public final class RoundSnapshots {

    private static final Comparator<PartitionRow> ORDER =
            Comparator.comparing(PartitionRow::queue).thenComparingInt(PartitionRow::partition);

    private record Key(String queue, int partition) {}

    private RoundSnapshots() {}

    /**
     * @return for every worker in {@code plan.workers()}, its assigned partitions sorted by (queue,
     *     partition); empty for a worker the round expired
     */
    public static Map<String, List<PartitionRow>> of(DomainState state, RoundPlan plan) {
        Map<String, List<PartitionRow>> snapshots = new HashMap<>();
        for (WorkerChange w : plan.workers()) {
            snapshots.put(w.id(), new ArrayList<>());
        }
        if (snapshots.isEmpty()) {
            return snapshots;
        }
        Set<String> expired = new HashSet<>();
        for (WorkerChange w : plan.workers()) {
            if (w.expired()) {
                expired.add(w.id());
            }
        }
        Set<Key> written = new HashSet<>();
        for (PartitionRow row : plan.partitions()) {
            written.add(new Key(row.queue(), row.partition()));
            add(snapshots, expired, row);
        }
        for (PartitionRow row : state.partitions()) {
            if (!written.contains(new Key(row.queue(), row.partition()))) {
                add(snapshots, expired, row);
            }
        }
        snapshots.values().forEach(rows -> rows.sort(ORDER));
        return snapshots;
    }

    private static void add(Map<String, List<PartitionRow>> snapshots, Set<String> expired, PartitionRow row) {
        if (row.state() != PartitionState.ASSIGNED || expired.contains(row.owner())) {
            return;
        }
        List<PartitionRow> rows = snapshots.get(row.owner());
        if (rows != null) {
            rows.add(row);
        }
    }
}
