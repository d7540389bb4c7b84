package io.goxhelix.coordination;

import java.util.Map;

/**
 * How a round balances a domain: by partition count (the default, exact minimum moves), or by the
 * load its workers report per partition (an operator's choice per domain, doc/design/placement.md).
 *
 * @param tolerance in load mode, how far above its share a worker's load may be, as a fraction
 * @param reports in load mode, each live worker's last report, by worker id
 * @param movedAgoMillis in load mode, per queue and partition, how long ago it last moved, for those
 *     that moved within the cooldown (the damping of {@link io.goxhelix.allocation.LoadBalancer})
 */
public record Balancing(
        boolean byLoad,
        double tolerance,
        Map<String, LoadReport> reports,
        Map<String, Map<Integer, Long>> movedAgoMillis) {

    public static final Balancing BY_COUNT = new Balancing(false, 0, Map.of(), Map.of());

    /** The default tolerance of load mode: 10 %. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    /** The largest tolerance an operator may ask for: 100 % (a load up to twice the share). */
    public static final double MAX_TOLERANCE = 1.0;

    public Balancing {
        if (!(tolerance >= 0 && tolerance <= MAX_TOLERANCE)) {
            throw new IllegalArgumentException(
                    "tolerance must be between 0 and " + MAX_TOLERANCE + ", was " + tolerance);
        }
        reports = Map.copyOf(reports);
        movedAgoMillis = Map.copyOf(movedAgoMillis);
    }

    public static Balancing byLoad(
            double tolerance, Map<String, LoadReport> reports, Map<String, Map<Integer, Long>> movedAgoMillis) {
        return new Balancing(true, tolerance, reports, movedAgoMillis);
    }
}
