package io.goxhelix.coordination;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import io.goxhelix.allocation.LoadBalancer;
import io.goxhelix.allocation.QueueSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A round of a domain in load mode: the {@link LoadBalancer}'s input from what the round read. A
 * partition's load is the figure its current owner (assigned or releasing) last reported; one
 * without (unowned, held for a restarting worker, or not reported yet) is presumed average.
 *
 * <p>Rounds run at irregular times (on signals, and at least every rebalance interval), so the
 * damping is measured in time, not in rounds: the balancer's round clock is in milliseconds, the
 * current round is 0 and a partition that moved {@code t} ms ago last moved in round {@code -t}; it
 * is recent while {@code t} is below the cooldown ({@code gox.balancing.cooldown}).
 */
public final class LoadInputs {

    /** The service's defaults: a 5 minute cooldown, at most 16 moves a round. */
    public static final LoadBalancer.Settings DEFAULT_SETTINGS = settings(Duration.ofMinutes(5), 16);

    /** Never recent. */
    private static final long LONG_AGO = Long.MIN_VALUE / 4;

    private LoadInputs() {}

    /** The balancer's settings for a cooldown and a bound on moves per round; the tolerance is the domain's. */
    public static LoadBalancer.Settings settings(Duration cooldown, int maxMovesPerRound) {
        long millis = Math.min(Integer.MAX_VALUE, cooldown.toMillis());
        return new LoadBalancer.Settings(Balancing.DEFAULT_TOLERANCE, (int) millis, maxMovesPerRound);
    }

    static AllocationPlan allocate(
            DomainState state,
            AllocationInput allocation,
            Map<String, PartitionRow[]> served,
            LoadBalancer.Settings settings) {
        Balancing balancing = state.balancing();
        Map<String, double[]> loads = new HashMap<>();
        Map<String, long[]> lastMoved = new HashMap<>();
        for (QueueSpec q : state.queues()) {
            PartitionRow[] rows = served.get(q.name());
            double[] queueLoads = new double[rows.length];
            long[] moved = new long[rows.length];
            Arrays.fill(moved, LONG_AGO);
            Map<Integer, Long> ago = balancing.movedAgoMillis().getOrDefault(q.name(), Map.of());
            for (int p = 0; p < rows.length; p++) {
                queueLoads[p] = reported(balancing, rows[p]);
                Long t = ago.get(p);
                if (t != null) {
                    moved[p] = -t;
                }
            }
            loads.put(q.name(), queueLoads);
            lastMoved.put(q.name(), moved);
        }
        var domainSettings =
                new LoadBalancer.Settings(balancing.tolerance(), settings.cooldownRounds(), settings.maxMoves());
        return LoadBalancer.allocate(new LoadBalancer.LoadInput(allocation, loads, lastMoved, 0), domainSettings);
    }

    /** The owner's figure, or NaN (presumed average) when there is none. */
    private static double reported(Balancing balancing, PartitionRow row) {
        if (row == null
                || row.owner() == null
                || !(row.state() == PartitionState.ASSIGNED || row.state() == PartitionState.RELEASING)) {
            return Double.NaN;
        }
        LoadReport report = balancing.reports().get(row.owner());
        Double load = report == null ? null : report.loadOf(row.queue(), row.partition());
        return load == null ? Double.NaN : load;
    }
}
