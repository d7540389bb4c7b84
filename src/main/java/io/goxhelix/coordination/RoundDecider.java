package io.goxhelix.coordination;

import io.goxhelix.allocation.LoadBalancer;

/**
 * The one decision of a round, without I/O: hold a fresh domain's first assignment while its workers
 * arrive, else rebalance and compute the snapshots the plan gives. It keeps, per domain, only what the
 * initial delay needs to remember between rounds (when workers last arrived); the clock is passed in.
 */
public final class RoundDecider {

    private final InitialDelay initialDelay;
    private final int maxConcurrentDrains;
    private final LoadBalancer.Settings loadSettings;

    /** @param initialDelayNanos see {@code gox.coordinator.initial-delay}; 0 turns the hold off */
    public RoundDecider(long initialDelayNanos) {
        this(initialDelayNanos, 1, LoadInputs.DEFAULT_SETTINGS);
    }

    /**
     * @param maxConcurrentDrains see {@code gox.coordinator.max-concurrent-drains}
     * @param loadSettings the load mode's damping and bound on moves ({@link LoadInputs#settings})
     */
    public RoundDecider(long initialDelayNanos, int maxConcurrentDrains, LoadBalancer.Settings loadSettings) {
        this.initialDelay = new InitialDelay(initialDelayNanos);
        this.maxConcurrentDrains = maxConcurrentDrains;
        this.loadSettings = loadSettings;
    }

    public RoundDecision decide(DomainState state, long nowNanos) {
        long hold = initialDelay.holdFor(state, nowNanos);
        if (hold > 0) {
            return new RoundDecision.Hold(nowNanos + hold);
        }
        RoundPlan plan = Rebalance.decide(state, maxConcurrentDrains, loadSettings);
        return new RoundDecision.Plan(plan, RoundSnapshots.of(state, plan));
    }
}
