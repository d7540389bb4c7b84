package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.WorkerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The allocation goals as assertions, for any test that has an input and the plan made from it:
 * the allocation core's own tests and the coordinator's alike. {@link #checkAll} is the entry point;
 * the other methods check one goal each or measure a plan.
 *
 * <p>The current owner of a partition is read as the allocation reads it: an owner that is not among
 * the input's workers, or that does not serve the queue, and entries beyond the queue's partition
 * count, are free.
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
        assertThat(plan.owners().keySet())
                .as("queues of the plan")
                .containsExactlyInAnyOrderElementsOf(
                        input.queues().stream().map(QueueSpec::name).toList());
        for (QueueSpec queue : input.queues()) {
            String[] owners = plan.owners().get(queue.name());
            assertThat(owners).as("partitions of %s", queue.name()).hasSize(queue.partitions());
            Set<String> servers = servers(input, queue.name());
            for (int p = 0; p < owners.length; p++) {
                if (servers.isEmpty()) {
                    assertThat(owners[p])
                            .as("owner of %s/%d, which nobody serves", queue.name(), p)
                            .isNull();
                } else {
                    assertThat(owners[p]).as("owner of %s/%d", queue.name(), p).isIn(servers);
                }
            }
        }
    }

    /**
     * Of the W workers serving a queue of P partitions, each holds floor(P/W) or ceil(P/W), and
     * exactly P mod W hold the ceiling.
     */
    public static void assertQueueBalance(AllocationInput input, AllocationPlan plan) {
        for (QueueSpec queue : input.queues()) {
            Set<String> servers = servers(input, queue.name());
            if (servers.isEmpty()) {
                continue;
            }
            int base = queue.partitions() / servers.size();
            int extra = queue.partitions() % servers.size();
            Map<String, Integer> counts = counts(plan, queue.name());
            int atCeiling = 0;
            for (String worker : servers) {
                int count = counts.getOrDefault(worker, 0);
                assertThat(count)
                        .as("partitions of %s held by %s (%s)", queue.name(), worker, counts)
                        .isBetween(base, base + 1);
                if (count == base + 1) {
                    atCeiling++;
                }
            }
            assertThat(atCeiling)
                    .as("workers holding %d partitions of %s", base + 1, queue.name())
                    .isEqualTo(extra);
        }
    }

    /** When every worker serves the same queues, their total partition counts differ by at most one. */
    public static void assertTotalBalanceWhenHomogeneous(AllocationInput input, AllocationPlan plan) {
        if (!isHomogeneous(input) || input.workers().isEmpty()) {
            return;
        }
        Map<String, Integer> totals = totals(input, plan);
        int min = totals.values().stream().min(Integer::compare).orElseThrow();
        int max = totals.values().stream().max(Integer::compare).orElseThrow();
        assertThat(max - min).as("spread of the totals %s", totals).isLessThanOrEqualTo(1);
    }

    /** The plan moves no more partitions than {@link #minimumMoves} says any plan must. */
    public static void assertFewestMoves(AllocationInput input, AllocationPlan plan) {
        assertThat(moves(input, plan))
                .as("moves (per-queue lower bound %d)", minimumMovesLowerBound(input))
                .isEqualTo(minimumMoves(input));
    }

    /** Whether every worker serves the same set of the input's queues. */
    public static boolean isHomogeneous(AllocationInput input) {
        Set<String> names = queueNames(input);
        Set<Set<String>> sets = new HashSet<>();
        for (WorkerSpec worker : input.workers()) {
            Set<String> served = new HashSet<>(worker.queues());
            served.retainAll(names);
            sets.add(served);
        }
        return sets.size() <= 1;
    }

    /**
     * The partitions whose current (valid) owner is not their target owner. Free partitions, and
     * partitions whose owner left or stopped serving the queue, are not moves.
     */
    public static int moves(AllocationInput input, AllocationPlan plan) {
        int moves = 0;
        for (QueueSpec queue : input.queues()) {
            String[] target = plan.owners().get(queue.name());
            String[] current = currentOwners(input, queue.name());
            for (int p = 0; p < current.length; p++) {
                if (current[p] != null && !current[p].equals(target[p])) {
                    moves++;
                }
            }
        }
        return moves;
    }

    /**
     * The moves that per-queue balance alone forces: per queue, every worker above the ceiling
     * gives up the surplus, and of the workers at or above the ceiling only {@code P mod W} may stay
     * there (all must come down to the floor when the division is exact). Total balance can force
     * more.
     */
    public static int minimumMovesLowerBound(AllocationInput input) {
        int bound = 0;
        for (QueueSpec queue : input.queues()) {
            Set<String> servers = servers(input, queue.name());
            if (servers.isEmpty()) {
                continue;
            }
            int base = queue.partitions() / servers.size();
            int extra = queue.partitions() % servers.size();
            Map<String, Integer> held = currentCounts(input, queue.name());
            if (extra == 0) {
                for (int count : held.values()) {
                    bound += Math.max(0, count - base);
                }
            } else {
                int atOrAboveCeiling = 0;
                for (int count : held.values()) {
                    bound += Math.max(0, count - (base + 1));
                    if (count >= base + 1) {
                        atOrAboveCeiling++;
                    }
                }
                bound += Math.max(0, atOrAboveCeiling - extra);
            }
        }
        return bound;
    }

    /**
     * The fewest moves of any plan meeting validity, per-queue balance and, when every worker serves
     * the same queues, total balance.
     *
     * <p>Each worker keeps what it holds of a queue up to its quota, so a queue's moves are what its
     * workers hold above their quotas, and only the choice of which workers get the ceiling matters:
     * giving it to one that holds more than the floor saves a move. With differing queue sets each
     * queue chooses on its own, which is {@link #minimumMovesLowerBound}. Otherwise total balance ties
     * the queues together: each worker must get the same number of ceilings, give or take one. That
     * is a min-cost flow (queue to worker, one ceiling each, cost -1 where it saves a move; each
     * worker taking {@code E / W} ceilings and {@code E mod W} of them one more), solved here by plain
     * successive shortest paths: slow, but independent of the allocator's own search.
     */
    public static int minimumMoves(AllocationInput input) {
        if (!isHomogeneous(input) || input.workers().isEmpty()) {
            return minimumMovesLowerBound(input);
        }
        return fewestMoves(input, null).orElseThrow();
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
        return fewestMoves(input, receiver);
    }

    private static OptionalInt fewestMoves(AllocationInput input, String onlyReceiver) {
        List<String> ids = input.workers().stream().map(WorkerSpec::id).sorted().toList();
        Set<String> served = servedQueues(input);
        List<QueueSpec> queues = input.queues().stream()
                .filter(queue -> served.contains(queue.name()))
                .toList();
        int workers = ids.size();
        int source = 0;
        int firstQueue = 1;
        int firstWorker = firstQueue + queues.size();
        int slots = firstWorker + workers;
        int sink = slots + 1;
        var flow = new MinCostFlow(sink + 1);
        int movesAtFloor = 0;
        int ceilings = 0;
        for (int q = 0; q < queues.size(); q++) {
            int base = queues.get(q).partitions() / workers;
            int extra = queues.get(q).partitions() % workers;
            ceilings += extra;
            flow.arc(source, firstQueue + q, extra, 0);
            Map<String, Integer> held = currentCounts(input, queues.get(q).name());
            for (int w = 0; w < workers; w++) {
                int count = held.getOrDefault(ids.get(w), 0);
                boolean mayReceive = onlyReceiver == null || onlyReceiver.equals(ids.get(w));
                if (!mayReceive && count < base) {
                    return OptionalInt.empty();
                }
                movesAtFloor += Math.max(0, count - base);
                if (mayReceive || count > base) {
                    flow.arc(firstQueue + q, firstWorker + w, 1, count > base ? -1 : 0);
                }
            }
        }
        for (int w = 0; w < workers; w++) {
            flow.arc(firstWorker + w, sink, ceilings / workers, 0);
            flow.arc(firstWorker + w, slots, 1, 0);
        }
        flow.arc(slots, sink, ceilings % workers, 0);
        OptionalInt cost = flow.minCostFlow(source, sink, ceilings);
        return cost.isPresent() ? OptionalInt.of(movesAtFloor + cost.getAsInt()) : cost;
    }

    /**
     * The partitions that had an owner in {@code before} and have another one in {@code after},
     * queue by queue over the partitions both plans have.
     */
    public static int reassigned(AllocationPlan before, AllocationPlan after) {
        int reassigned = 0;
        for (var entry : after.owners().entrySet()) {
            String[] old = before.owners().getOrDefault(entry.getKey(), new String[0]);
            String[] now = entry.getValue();
            for (int p = 0; p < Math.min(old.length, now.length); p++) {
                if (old[p] != null && !old[p].equals(now[p])) {
                    reassigned++;
                }
            }
        }
        return reassigned;
    }

    /** After {@code leaver} left, every partition someone else owned in {@code before} kept its owner. */
    public static void assertOnlyLeaverMoved(AllocationPlan before, String leaver, AllocationPlan after) {
        for (var entry : after.owners().entrySet()) {
            String[] old = before.owners().getOrDefault(entry.getKey(), new String[0]);
            String[] now = entry.getValue();
            for (int p = 0; p < Math.min(old.length, now.length); p++) {
                if (old[p] != null && !old[p].equals(leaver)) {
                    assertThat(now[p])
                            .as("owner of %s/%d after %s left", entry.getKey(), p, leaver)
                            .isEqualTo(old[p]);
                }
            }
        }
    }

    /** After {@code joiner} joined, every partition that changed owner went to the joiner. */
    public static void assertOnlyJoinerReceives(AllocationPlan before, String joiner, AllocationPlan after) {
        for (var entry : after.owners().entrySet()) {
            String[] old = before.owners().getOrDefault(entry.getKey(), new String[0]);
            String[] now = entry.getValue();
            for (int p = 0; p < Math.min(old.length, now.length); p++) {
                if (old[p] != null && !old[p].equals(now[p])) {
                    assertThat(now[p])
                            .as("new owner of %s/%d (was %s) after %s joined", entry.getKey(), p, old[p], joiner)
                            .isEqualTo(joiner);
                }
            }
        }
    }

    /** Per worker of the input, the partitions the plan gives it across all queues. */
    public static Map<String, Integer> totals(AllocationInput input, AllocationPlan plan) {
        Map<String, Integer> totals = new TreeMap<>();
        for (WorkerSpec worker : input.workers()) {
            totals.put(worker.id(), 0);
        }
        for (String[] owners : plan.owners().values()) {
            for (String owner : owners) {
                if (owner != null) {
                    totals.merge(owner, 1, Integer::sum);
                }
            }
        }
        return totals;
    }

    /** Per owner, the partitions of {@code queue} the plan gives it. */
    public static Map<String, Integer> counts(AllocationPlan plan, String queue) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String owner : plan.owners().get(queue)) {
            if (owner != null) {
                counts.merge(owner, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The current valid owner of each partition of {@code queue}, {@code null} where it is free; as
     * long as the queue's partition count.
     */
    public static String[] currentOwners(AllocationInput input, String queue) {
        int partitions = input.queues().stream()
                .filter(q -> q.name().equals(queue))
                .mapToInt(QueueSpec::partitions)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue " + queue));
        String[] owners = input.owners().getOrDefault(queue, new String[0]);
        Set<String> servers = servers(input, queue);
        String[] current = new String[partitions];
        for (int p = 0; p < Math.min(partitions, owners.length); p++) {
            if (owners[p] != null && servers.contains(owners[p])) {
                current[p] = owners[p];
            }
        }
        return current;
    }

    /** The ids of the input's workers that serve {@code queue}. */
    public static Set<String> servers(AllocationInput input, String queue) {
        Set<String> servers = new HashSet<>();
        for (WorkerSpec worker : input.workers()) {
            if (worker.queues().contains(queue)) {
                servers.add(worker.id());
            }
        }
        return servers;
    }

    private static Map<String, Integer> currentCounts(AllocationInput input, String queue) {
        Map<String, Integer> counts = new HashMap<>();
        for (String owner : currentOwners(input, queue)) {
            if (owner != null) {
                counts.merge(owner, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Set<String> servedQueues(AllocationInput input) {
        Set<String> served = new HashSet<>();
        for (WorkerSpec worker : input.workers()) {
            served.addAll(worker.queues());
        }
        return served;
    }

    /** Min-cost flow by successive shortest paths (Bellman-Ford), one unit at a time. */
    private static final class MinCostFlow {

        private final List<int[]> arcs = new ArrayList<>();
        private final List<List<Integer>> out = new ArrayList<>();

        MinCostFlow(int nodes) {
            for (int i = 0; i < nodes; i++) {
                out.add(new ArrayList<>());
            }
        }

        /** An arc and its residual twin, {to, capacity, cost} each, at indices i and i ^ 1. */
        void arc(int from, int to, int capacity, int cost) {
            out.get(from).add(arcs.size());
            arcs.add(new int[] {to, capacity, cost});
            out.get(to).add(arcs.size());
            arcs.add(new int[] {from, 0, -cost});
        }

        /** The cost of sending {@code amount} units, or empty when they do not fit. */
        OptionalInt minCostFlow(int source, int sink, int amount) {
            int nodes = out.size();
            int cost = 0;
            for (int unit = 0; unit < amount; unit++) {
                int[] distance = new int[nodes];
                int[] through = new int[nodes];
                Arrays.fill(distance, Integer.MAX_VALUE);
                distance[source] = 0;
                for (int round = 0; round < nodes; round++) {
                    boolean changed = false;
                    for (int node = 0; node < nodes; node++) {
                        if (distance[node] == Integer.MAX_VALUE) {
                            continue;
                        }
                        for (int a : out.get(node)) {
                            int[] arc = arcs.get(a);
                            if (arc[1] > 0 && distance[node] + arc[2] < distance[arc[0]]) {
                                distance[arc[0]] = distance[node] + arc[2];
                                through[arc[0]] = a;
                                changed = true;
                            }
                        }
                    }
                    if (!changed) {
                        break;
                    }
                }
                if (distance[sink] == Integer.MAX_VALUE) {
                    return OptionalInt.empty();
                }
                for (int node = sink; node != source; node = arcs.get(through[node] ^ 1)[0]) {
                    arcs.get(through[node])[1]--;
                    arcs.get(through[node] ^ 1)[1]++;
                }
                cost += distance[sink];
            }
            return OptionalInt.of(cost);
        }
    }

    private static Set<String> queueNames(AllocationInput input) {
        Set<String> names = new HashSet<>();
        for (QueueSpec queue : input.queues()) {
            names.add(queue.name());
        }
        return names;
    }
}
