package io.goxhelix.allocation;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The load-aware mode: starting from the current owners, moves as few partitions as it can so that
 * every worker's load is within a tolerance band of its weighted share of the total. It replaces the
 * count-balancing allocation for a domain in this mode (which would undo its moves), and keeps its
 * validity rules.
 *
 * <p>Goals, in priority order:
 *
 * <ol>
 *   <li><b>Validity.</b> A partition's owner serves its queue, carries its required labels and stays
 *       within {@code maxPartitions}; pins are honoured. A partition whose current owner is not valid
 *       (or that has none) is placed first, heaviest first, on the eligible worker with the lowest
 *       load relative to its share: this is not a move. Within a spread queue a partition moves only
 *       within its zone, so the zones' counts are those of the placement.
 *   <li><b>The band.</b> A worker is overloaded when its load exceeds {@code (1 + tolerance)} times
 *       its share {@code total * w / W}. While one is, the most overloaded worker gives up the
 *       partition whose move lowers the larger of the two workers' relative loads the most, to the
 *       least loaded worker that can take it; a move that would not lower it is not made.
 *   <li><b>Damping.</b> A partition moved within the last {@code cooldownRounds} rounds is moved
 *       only when no other partition of the overloaded worker can be: a partition that just moved
 *       is dearer, so load that shifts back and forth does not drag partitions with it.
 *   <li><b>Few moves.</b> At most {@code maxMoves} per call; whatever is left waits for the next
 *       round, which sees the loads the moves produced.
 * </ol>
 *
 * Loads are non-negative figures per partition, in any unit, as the workers report them; a partition
 * without a figure (beyond its queue's array, or {@code NaN}) counts as the mean of the reported ones
 * (a new partition is presumed average).
 */
public final class LoadBalancer {

    /** Tolerance, damping and the bound on moves per call. */
    public record Settings(double tolerance, int cooldownRounds, int maxMoves) {

        public static final Settings DEFAULT = new Settings(0.10, 3, 64);

        public Settings {
            if (!(tolerance >= 0) || cooldownRounds < 0 || maxMoves < 0) {
                throw new IllegalArgumentException("tolerance >= 0, cooldownRounds >= 0, maxMoves >= 0");
            }
        }
    }

    /**
     * @param loads queue name to the load of each partition; missing or {@code NaN} entries are presumed
     *     average
     * @param lastMoved queue name to the round in which each partition last moved (or a very negative
     *     number); read, and updated for the moves made
     */
    public record LoadInput(
            AllocationInput allocation, Map<String, double[]> loads, Map<String, long[]> lastMoved, long round) {

        public LoadInput {
            Objects.requireNonNull(allocation, "allocation");
            loads = Map.copyOf(loads);
            lastMoved = Map.copyOf(lastMoved);
        }
    }

    private LoadBalancer() {}

    /** The plan: the current owners, repaired where invalid, with the band's moves made. */
    public static AllocationPlan allocate(LoadInput input, Settings settings) {
        return new LoadBalancing(input, settings).run();
    }

    /** Every worker's load under {@code plan}, by id; for reports and tests. */
    public static Map<String, Double> workerLoads(LoadInput input, AllocationPlan plan) {
        var loads = new HashMap<String, Double>();
        input.allocation().workers().forEach(w -> loads.put(w.id(), 0.0));
        double presumed = LoadBalancing.presumedLoad(input);
        plan.owners().forEach((queue, owners) -> {
            double[] queueLoads = input.loads().get(queue);
            for (int p = 0; p < owners.length; p++) {
                if (owners[p] != null) {
                    double load = queueLoads != null && p < queueLoads.length && !Double.isNaN(queueLoads[p])
                            ? queueLoads[p]
                            : presumed;
                    loads.merge(owners[p], load, Double::sum);
                }
            }
        });
        return loads;
    }
}
