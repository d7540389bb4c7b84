package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@link Invariants} in the allocation core's terms, for any test that has an input and the plan made
 * from it. {@link #checkAll} is the entry point; the other methods check one goal each or measure a
 * plan.
 *
 * <p>The current owner of a partition is read as the allocation reads it ({@link Layout#current}): an
 * owner that is not among the input's workers, or that does not serve the queue, and entries beyond
 * the queue's partition count, are free.
 */
public final class AllocationInvariants {

    private AllocationInvariants() {}

    /**
     * All the goals: validity, per-queue balance, total balance when every worker serves the same
     * queues, and the fewest moves that allow them. The last one solves a min-cost flow, so keep
     * inputs to test size (thousands of partitions, tens of workers).
     */
    public static void checkAll(AllocationInput input, AllocationPlan plan) {
        assertValid(input, plan);
        assertQueueBalance(input, plan);
        assertTotalBalanceWhenHomogeneous(input, plan);
        assertFewestMoves(input, plan);
    }

    /**
     * Every partition of a queue that some worker serves has exactly one owner, who serves it; a
     * queue nobody serves has no owners; the plan has exactly the input's queues and partitions.
     */
    public static void assertValid(AllocationInput input, AllocationPlan plan) {
        assertThat(Invariants.coverage(Layout.planned(input, plan)))
                .as("validity")
                .isEmpty();
    }

    /**
     * Of the W workers serving a queue of P partitions, each holds floor(P/W) or ceil(P/W), and
     * exactly P mod W hold the ceiling.
     */
    public static void assertQueueBalance(AllocationInput input, AllocationPlan plan) {
        assertThat(Invariants.queueBalance(Layout.planned(input, plan)))
                .as("per-queue balance")
                .isEmpty();
    }

    /** When every worker serves the same queues, their total partition counts differ by at most one. */
    public static void assertTotalBalanceWhenHomogeneous(AllocationInput input, AllocationPlan plan) {
        assertThat(Invariants.totalBalance(Layout.planned(input, plan)))
                .as("total balance")
                .isEmpty();
    }

    /** The plan moves no more partitions than {@link #minimumMoves} says any plan must. */
    public static void assertFewestMoves(AllocationInput input, AllocationPlan plan) {
        assertThat(moves(input, plan))
                .as("moves (per-queue lower bound %d)", minimumMovesLowerBound(input))
                .isEqualTo(minimumMoves(input));
    }

    /** Whether every worker serves the same set of the input's queues. */
    public static boolean isHomogeneous(AllocationInput input) {
        return Layout.current(input).homogeneous();
    }

    /**
     * The partitions whose current (valid) owner is not their target owner. Free partitions, and
     * partitions whose owner left or stopped serving the queue, are not moves.
     */
    public static int moves(AllocationInput input, AllocationPlan plan) {
        return Invariants.moves(Layout.current(input), plan.owners());
    }

    /**
     * The moves that per-queue balance alone forces: per queue, every worker above the ceiling
     * gives up the surplus, and of the workers at or above the ceiling only {@code P mod W} may stay
     * there (all must come down to the floor when the division is exact). Total balance can force
     * more.
     */
    public static int minimumMovesLowerBound(AllocationInput input) {
        return Invariants.minimumMovesLowerBound(Layout.current(input));
    }

    /**
     * The fewest moves of any plan meeting validity, per-queue balance and, when every worker serves
     * the same queues, total balance (see {@link Invariants#minimumMoves}).
     */
    public static int minimumMoves(AllocationInput input) {
        return Invariants.minimumMoves(Layout.current(input));
    }

    /**
     * Like {@link #minimumMoves}, among the plans in which no worker but {@code receiver} gets more
     * of a queue than it holds now: the fewest moves of a plan keeping the join promise. Empty when
     * total balance leaves no such plan. Only for inputs where every worker serves the same queues.
     */
    public static OptionalInt minimumMovesReceivingOnly(AllocationInput input, String receiver) {
        assertThat(isHomogeneous(input))
                .as("every worker serves the same queues")
                .isTrue();
        return Invariants.minimumMovesReceivingOnly(Layout.current(input), receiver);
    }

    /**
     * The partitions that had an owner in {@code before} and have another one in {@code after},
     * queue by queue over the partitions both plans have.
     */
    public static int reassigned(AllocationPlan before, AllocationPlan after) {
        return Invariants.reassigned(before.owners(), after.owners());
    }

    /** After {@code leaver} left, every partition someone else owned in {@code before} kept its owner. */
    public static void assertOnlyLeaverMoved(AllocationPlan before, String leaver, AllocationPlan after) {
        assertThat(Invariants.onlyLeaverMoved(before.owners(), leaver, after.owners()))
                .as("partitions of others that moved")
                .isEmpty();
    }

    /** After {@code joiner} joined, every partition that changed owner went to the joiner. */
    public static void assertOnlyJoinerReceives(AllocationPlan before, String joiner, AllocationPlan after) {
        assertThat(Invariants.onlyJoinerReceives(before.owners(), joiner, after.owners()))
                .as("partitions that moved to another than the joiner")
                .isEmpty();
    }

    /** Per worker of the input, the partitions the plan gives it across all queues. */
    public static Map<String, Integer> totals(AllocationInput input, AllocationPlan plan) {
        return Layout.planned(input, plan).totals();
    }

    /** Per owner, the partitions of {@code queue} the plan gives it. */
    public static Map<String, Integer> counts(AllocationPlan plan, String queue) {
        return Layout.tally(plan.owners().get(queue));
    }

    /**
     * The current valid owner of each partition of {@code queue}, {@code null} where it is free; as
     * long as the queue's partition count.
     */
    public static String[] currentOwners(AllocationInput input, String queue) {
        return Layout.current(input).ownersOf(queue);
    }

    /** The ids of the input's workers that serve {@code queue}. */
    public static Set<String> servers(AllocationInput input, String queue) {
        return Layout.current(input).servers(queue);
    }
}
