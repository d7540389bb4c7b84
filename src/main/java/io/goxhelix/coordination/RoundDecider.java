package io.goxhelix.coordination;

/**
 * The one decision of a round, without I/O: hold a fresh domain's first assignment while its workers
 * arrive, else rebalance and compute the snapshots the plan gives. It keeps, per domain, only what the
 * initial delay needs to remember between rounds (when workers last arrived); the clock is passed in.
 */
public final class RoundDecider {

    private final InitialDelay initialDelay;

    /** @param initialDelayNanos see {@code gox.coordinator.initial-delay}; 0 turns the hold off */
    public RoundDecider(long initialDelayNanos) {
        this.initialDelay = new InitialDelay(initialDelayNanos);
    }

    public RoundDecision decide(DomainState state, long nowNanos) {
        long hold = initialDelay.holdFor(state, nowNanos);
        if (hold > 0) {
            return new RoundDecision.Hold(nowNanos + hold);
        }
        RoundPlan plan = Rebalance.decide(state);
        return new RoundDecision.Plan(plan, RoundSnapshots.of(state, plan));
    }
}
