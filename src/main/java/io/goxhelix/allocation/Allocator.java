package io.goxhelix.allocation;

/**
 * Divides the partitions of every queue among the workers that serve it.
 *
 * <p>The goals, in priority order; a goal only ever gives way to the ones above it:
 *
 * <ol>
 *   <li><b>Validity.</b> Every partition of every queue that at least one worker serves is assigned
 *       to exactly one worker that serves that queue. A queue nobody serves gets {@code null}
 *       owners.
 *   <li><b>Per-queue balance.</b> Of the {@code W} workers serving a queue of {@code P}
 *       partitions, each gets {@code floor(P/W)} or {@code ceil(P/W)}, and exactly {@code P mod W}
 *       get the ceiling.
 *   <li><b>Total balance.</b> When every worker serves the same queues (each queue is served by
 *       all workers or by none), the workers' total partition counts differ by at most one. When the
 *       queue sets differ only per-queue balance is promised; totals are evened out only by passing
 *       an extra partition, within one queue, from a worker to one whose total is lower by two or
 *       more where that costs no move; chains of such exchanges across queues are not sought.
 *   <li><b>Stickiness.</b> The fewest moves that achieve the goals above, a move being a partition
 *       whose current valid owner is not its target owner (a free partition never counts). From a
 *       balanced state, a leaving worker moves only its own partitions and a joining worker moves
 *       only the partitions it receives.
 *   <li><b>Speed.</b> {@code O(P + E log W)} for {@code P} partitions and {@code E} (queue,
 *       serving worker) pairs, plus a few {@code O(E)} graph searches when total balance costs
 *       moves; single threaded, with int indices inside and no object per partition: it runs on
 *       every rebalance.
 * </ol>
 *
 * <p>The fewest moves is exact, not approximate: per queue when the queue sets differ, and across
 * queues (a min-cost flow) when every worker serves the same queues. The leave and join promises of
 * goal 4 hold whenever total balance allows them, which is not always: with queues of 2, 18 and 3
 * partitions over 19 workers, the worker without a partition of the second queue may hold one of
 * each of the others; when another worker leaves it must take one of the second queue and give up
 * one of the others, or hold 3 against a ceiling of 2. Likewise a joiner can take only its share,
 * so when two workers must each give one up while a third drops below its share in one queue, the
 * third receives the other. Among equally cheap plans the joiner is the one that receives.
 *
 * <p>The result depends only on the input's content, not on the order of its lists: workers are
 * ranked by id and queues by name, and ties are broken by a rotation derived from the queue's name.
 *
 * <h2>How</h2>
 *
 * Per queue, every serving worker gets a quota of {@code base = P / W} partitions, and {@code P mod
 * W} of them one more (an <em>extra</em>). Each worker keeps up to its quota of the partitions it
 * holds, so the moves of a queue are exactly the partitions held above quota: giving an extra to a
 * worker that holds more than {@code base} (a <em>preferred</em> worker) saves one move, giving it to
 * anyone else saves none. Hence, one step after the other on shared {@link Quotas}:
 *
 * <ol>
 *   <li>{@link ExtraGrants}, per-queue balance at each queue's fewest moves: where a queue has no more
 *       preferred workers than extras, all of them get one; where it has more, the extras go to the
 *       preferred workers with the lowest running totals; extras still unassigned go to the other
 *       workers with the lowest running totals.
 *   <li>{@link FreeExchanges}, total balance as far as it is free: extras are passed, within a queue,
 *       from a worker to one with a total lower by two or more wherever that costs no move. Skipped
 *       when every worker serves the same queues and the totals are within one already.
 *   <li>{@link MinCostBalancer}, total balance at the fewest moves, only when every worker serves the
 *       same queues and totals still differ by two or more: the surplus is pushed along cheapest
 *       chains of such exchanges, paying a move only where no free chain exists (successive shortest
 *       paths of a min-cost flow).
 *   <li>{@link Placement}: in each queue every worker keeps its lowest-numbered held partitions up to
 *       its quota; the rest are pooled and handed out in ascending order to the workers below quota.
 * </ol>
 *
 * {@link ServingIndex} numbers the (queue, serving worker) pairs these steps work on, and {@link
 * CurrentHoldings} reads the current owners into them.
 *
 * <h2>The constrained mode</h2>
 *
 * The goals above are those of the <em>count mode</em>, used whenever every worker has weight 1 and
 * no capacity bound and no queue requires labels, asks for a spread or has pins (priorities alone do
 * not leave it: they matter only when capacity is bounded). With any of these the allocation is the
 * {@link ConstrainedAllocation}'s, whose goals, in priority order, are:
 *
 * <ol>
 *   <li><b>Validity.</b> A partition's owner serves its queue and carries every label the queue
 *       requires, and no worker holds more than its {@code maxPartitions} in total. A pin is honoured
 *       whenever its worker is eligible and has room left after the pins of higher-priority queues
 *       and lower-numbered partitions.
 *   <li><b>Priority.</b> Queues are served in descending priority (then by name): a partition stays
 *       unassigned ({@link Shortfall.Reason#CAPACITY}) only when every worker eligible for its queue
 *       is full with pins or with partitions of queues of the same or a higher priority.
 *   <li><b>Weighted shares.</b> Per queue, of its {@code n} unpinned partitions each eligible worker
 *       gets the floor or the ceiling of its exact share {@code n * w / W} ({@code w} its weight,
 *       {@code W} the sum of the weights of the queue's eligible workers), after capping: a worker
 *       whose exact share exceeds its room gets its room, and the rest is shared again among the
 *       others in the same way ({@link Shares}). With a spread label, the partitions are first split
 *       evenly among the label's values (zones), each within its members' room, then by weight within
 *       each zone ({@link Zones}).
 *   <li><b>Stickiness, then total balance.</b> Each worker keeps its lowest-numbered held partitions
 *       up to its target. A ceiling goes first to a worker that already holds more than its floor
 *       (saving a move), then to the lowest running total per unit of weight over the queues placed
 *       before: totals are evened out greedily, not exactly.
 *   <li><b>Speed.</b> {@code O(P + Q * (W + E log E))} for {@code P} partitions, {@code Q} queues,
 *       {@code W} workers and {@code E} eligible workers per queue.
 * </ol>
 *
 * Moves are not minimised exactly across queues in this mode; within a queue they are, for the
 * targets chosen.
 *
 * <h2>The load mode</h2>
 *
 * A domain an operator balances by load is not divided here but by {@link LoadBalancer}, whose goals
 * are validity (as above), then every worker's reported load within a tolerance band of its weighted
 * share, damping, and few moves; see its javadoc. Count (or constrained) mode stays the default.
 */
public final class Allocator {

    private Allocator() {}

    /** The target owner of every partition of {@code input}'s queues. */
    public static AllocationPlan allocate(AllocationInput input) {
        if (constrained(input)) {
            return ConstrainedAllocation.allocate(input);
        }
        var serving = ServingIndex.of(input);
        var holdings = CurrentHoldings.read(input, serving);
        var quotas = new Quotas(serving, holdings);
        var scratch = new Scratch();
        new ExtraGrants(serving, quotas, scratch).grantAll();
        evenOutTotals(serving, holdings, quotas, scratch);
        return Placement.place(serving, holdings, quotas);
    }

    /** Whether the input uses anything of the constrained mode's (see the class javadoc). */
    static boolean constrained(AllocationInput input) {
        for (WorkerSpec worker : input.workers()) {
            if (worker.weighted()) {
                return true;
            }
        }
        for (QueueSpec queue : input.queues()) {
            if (queue.placed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Goal 3: within goal 4 (free exchanges only) unless every worker serves the same queues, where
     * total balance is promised and bought at the fewest moves.
     */
    private static void evenOutTotals(ServingIndex serving, CurrentHoldings holdings, Quotas quotas, Scratch scratch) {
        boolean homogeneous = serving.homogeneous();
        if (homogeneous && quotas.spread() <= 1) {
            return;
        }
        new FreeExchanges(serving, quotas, scratch).exchangeUntilNone();
        if (homogeneous && quotas.spread() > 1) {
            new MinCostBalancer(serving, holdings, quotas).run();
        }
    }
}
