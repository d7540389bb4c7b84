package io.goxhelix.testing;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiPredicate;

/** The minimum-moves part of {@link Invariants} (S6): counting moves and the fewest any plan needs. */
final class Moves {

    private Moves() {}

    static int moves(Layout current, Map<String, String[]> target) {
        int moves = 0;
        for (String queue : current.queues().keySet()) {
            String[] planned = target.get(queue);
            String[] owners = current.ownersOf(queue);
            for (int p = 0; p < owners.length; p++) {
                if (owners[p] != null && !owners[p].equals(planned[p])) {
                    moves++;
                }
            }
        }
        return moves;
    }

    /**
     * Per queue, every worker above the ceiling gives up the surplus, and of the workers at or above
     * the ceiling only {@code P mod W} may stay there (all must come down to the floor when the
     * division is exact).
     */
    static int lowerBound(Layout current) {
        int bound = 0;
        for (Map.Entry<String, Integer> queue : current.queues().entrySet()) {
            Set<String> servers = current.servers(queue.getKey());
            if (servers.isEmpty()) {
                continue;
            }
            int base = queue.getValue() / servers.size();
            int extra = queue.getValue() % servers.size();
            Map<String, Integer> held = current.counts(queue.getKey());
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
     * Each worker keeps what it owns of a queue up to its quota, so a queue's moves are what its
     * workers own above their quotas, and only the choice of which workers get the ceiling matters:
     * giving it to one that owns more than the floor saves a move. With differing queue sets each
     * queue chooses on its own, which is {@link #lowerBound}. Otherwise total balance ties the queues
     * together: each worker must get the same number of ceilings, give or take one. That is a min-cost
     * flow (queue to worker, one ceiling each, cost -1 where it saves a move; each worker taking
     * {@code E / W} ceilings and {@code E mod W} of them one more), solved by plain successive
     * shortest paths: slow, but independent of the allocator's own search.
     */
    static int minimum(Layout current) {
        if (!current.homogeneous() || current.workers().isEmpty()) {
            return lowerBound(current);
        }
        return fewest(current, null).orElseThrow();
    }

    /** The fewest moves, only {@code onlyReceiver} (if not null) getting more of a queue than it owns. */
    static OptionalInt fewest(Layout current, String onlyReceiver) {
        List<String> ids = List.copyOf(current.workers().keySet());
        List<String> queues = current.queues().keySet().stream()
                .filter(q -> !current.servers(q).isEmpty())
                .toList();
        int workers = ids.size();
        int firstQueue = 1;
        int firstWorker = firstQueue + queues.size();
        int slots = firstWorker + workers;
        int sink = slots + 1;
        var flow = new MinCostFlow(sink + 1);
        int movesAtFloor = 0;
        int ceilings = 0;
        for (int q = 0; q < queues.size(); q++) {
            int partitions = current.queues().get(queues.get(q));
            int base = partitions / workers;
            int extra = partitions % workers;
            ceilings += extra;
            flow.arc(0, firstQueue + q, extra, 0);
            Map<String, Integer> held = current.counts(queues.get(q));
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
        OptionalInt cost = flow.minCostFlow(0, sink, ceilings);
        return cost.isPresent() ? OptionalInt.of(movesAtFloor + cost.getAsInt()) : cost;
    }

    static int reassigned(Map<String, String[]> before, Map<String, String[]> after) {
        int[] reassigned = {0};
        forEachChange(before, after, (queue, p, old, now) -> reassigned[0]++);
        return reassigned[0];
    }

    /** A line for every partition whose owner changed from {@code old} to {@code now} unless allowed. */
    static List<String> changed(
            Map<String, String[]> before,
            Map<String, String[]> after,
            BiPredicate<String, String> allowed,
            String when) {
        List<String> violations = new java.util.ArrayList<>();
        forEachChange(before, after, (queue, p, old, now) -> {
            if (!allowed.test(old, now)) {
                violations.add(queue + "/" + p + ": " + old + " -> " + now + " " + when);
            }
        });
        return violations;
    }

    private interface Change {
        void at(String queue, int partition, String old, String now);
    }

    /** Over the partitions both have, queue by queue: each that had an owner and now has another. */
    private static void forEachChange(Map<String, String[]> before, Map<String, String[]> after, Change change) {
        for (var entry : after.entrySet()) {
            String[] old = before.getOrDefault(entry.getKey(), new String[0]);
            String[] now = entry.getValue();
            for (int p = 0; p < Math.min(old.length, now.length); p++) {
                if (old[p] != null && !old[p].equals(now[p])) {
                    change.at(entry.getKey(), p, old[p], now[p]);
                }
            }
        }
    }
}
