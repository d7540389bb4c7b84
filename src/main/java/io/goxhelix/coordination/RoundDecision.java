package io.goxhelix.coordination;

import java.util.List;
import java.util.Map;

/** What a round does with the domain it read: nothing yet, or write a plan and push its snapshots. */
public sealed interface RoundDecision {

    /**
     * Write nothing and come back at {@code untilNanos} ({@link System#nanoTime()} scale): the domain's
     * workers are still arriving (see {@link InitialDelay}).
     */
    record Hold(long untilNanos) implements RoundDecision {}

    /**
     * Write {@code plan}; once it has committed, {@code snapshots} are exactly what the database holds
     * for each worker the plan moves (see {@link RoundSnapshots}), to be pushed without reading back.
     */
    record Plan(RoundPlan plan, Map<String, List<PartitionRow>> snapshots) implements RoundDecision {

        public Plan {
            snapshots = Map.copyOf(snapshots);
        }
    }
}
