package io.goxhelix.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether stopping a worker now costs nothing it should not: the question a Kubernetes preStop hook
 * or a deploy script asks before it stops a process. Stopping it is safe when every queue it serves
 * still has another worker that can receive partitions (active, neither cordoned nor draining), so
 * that none of its partitions is handed to nobody, and, if it still holds partitions, when a drain
 * of it would start now rather than wait for the domain's drain budget. A drained worker, or one
 * that is not active, may always stop.
 */
public final class Stoppable {

    /** The answer; {@code reasons} empty exactly when {@code stoppable}. */
    public record Verdict(String workerId, boolean stoppable, WorkerMode state, int partitions, List<String> reasons) {

        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    private Stoppable() {}

    public static Verdict assess(DomainState state, String workerId, int maxConcurrentDrains) {
        WorkerRow worker = null;
        int draining = 0;
        for (WorkerRow w : state.workers()) {
            if (w.id().equals(workerId)) {
                worker = w;
            }
            if (w.active() && w.drain() == Drain.DRAINING) {
                draining++;
            }
        }
        if (worker == null || !worker.active()) {
            return new Verdict(workerId, true, WorkerMode.ACTIVE, 0, List.of());
        }
        Map<String, Integer> held = new TreeMap<>();
        for (PartitionRow row : state.partitions()) {
            if (workerId.equals(row.owner())
                    && (row.state() == PartitionState.ASSIGNED || row.state() == PartitionState.RELEASING)) {
                held.merge(row.queue(), 1, Integer::sum);
            }
        }
        int partitions = held.values().stream().mapToInt(Integer::intValue).sum();
        List<String> reasons = new ArrayList<>();
        if (worker.drain() != Drain.DRAINED) {
            orphans(state, worker, held, reasons);
            if (partitions > 0 && worker.drain() != Drain.DRAINING && draining >= maxConcurrentDrains) {
                reasons.add("drain budget spent: " + draining + " of " + maxConcurrentDrains
                        + " drains under way in the domain; stopping now would move " + partitions
                        + " partitions without a handoff");
            }
        }
        return new Verdict(workerId, reasons.isEmpty(), worker.mode(), partitions, reasons);
    }

    /** Queues the worker serves that no other receiving worker serves. */
    private static void orphans(DomainState state, WorkerRow worker, Map<String, Integer> held, List<String> reasons) {
        TreeSet<String> served = new TreeSet<>();
        state.queues().forEach(q -> {
            if (q.partitions() > 0 && worker.queues().contains(q.name())) {
                served.add(q.name());
            }
        });
        for (WorkerRow other : state.workers()) {
            if (!other.id().equals(worker.id())
                    && other.active()
                    && other.mode().receives()) {
                served.removeAll(other.queues());
            }
        }
        for (String queue : served) {
            int n = held.getOrDefault(queue, 0);
            reasons.add("queue " + queue + " would be left without a worker"
                    + (n > 0 ? "; its " + n + " partitions held here would be handed to nobody" : ""));
        }
    }
}
