package io.goxhelix.bench;

import io.goxhelix.allocation.Allocator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.coordinator.group.api.assignor.ConsumerGroupPartitionAssignor;
import org.apache.kafka.coordinator.group.assignor.RangeAssignor;
import org.apache.kafka.coordinator.group.assignor.UniformAssignor;

/**
 * What the assignments look like, not how fast they come: for our {@link Allocator} and Kafka's
 * server-side uniform and range assignors on the same inputs, prints a Markdown table of
 *
 * <ul>
 *   <li>the per-queue spread: over the queues, the largest difference between the partitions of that
 *       queue that two workers get (0 or 1 is balanced);
 *   <li>the total spread: the largest difference between two workers' totals;
 *   <li>on a leave, the partitions whose owner changed, against the minimum: the leaver's partitions.
 * </ul>
 *
 * The leave starts from our cold plan for every assignor, the same state as in {@link
 * AllocationBenchmark}; Kafka's uniform assignor is also shown leaving from its own cold plan.
 */
public final class AllocationQuality {

    private AllocationQuality() {}

    public static void main(String[] args) {
        System.out.println("| Case | Assignor | Per-queue spread | Total spread | Moved on leave (minimum) |");
        System.out.println("|---|---|---:|---:|---:|");
        cold(new Workload(10, 64, 7));
        for (var workload : List.of(new Workload(10, 10_000, 1_000), new Workload(1, 100_000, 1_000))) {
            cold(workload);
            leave(workload);
        }
        cold(new Workload(100, 10_000, 2_000));
    }

    /** E.g. "10 queues x 10 000 / 1 000 workers". */
    private static String shape(Workload workload) {
        return String.format(
                        Locale.ROOT,
                        "%d queue%s x %,d / %,d workers",
                        workload.queues.size(),
                        workload.queues.size() == 1 ? "" : "s",
                        workload.queues.get(0).partitions(),
                        workload.workerIds.size())
                .replace(',', ' ');
    }

    private static void cold(Workload workload) {
        String title = shape(workload) + ", cold";
        List<String> all = workload.workerIds;
        row(
                title,
                "gox-helix",
                workload,
                all,
                Allocator.allocate(workload.ours(all, Map.of())).owners(),
                null,
                null);
        for (var kafka : kafkaAssignors()) {
            var owners = workload.owners(kafka.assign(workload.kafka(all, Map.of()), workload.topics));
            row(title, kafkaName(kafka), workload, all, owners, null, null);
        }
    }

    private static void leave(Workload workload) {
        String title = shape(workload) + ", one leaves";
        List<String> stayers = workload.stayers();
        Map<String, String[]> before =
                Allocator.allocate(workload.ours(workload.workerIds, Map.of())).owners();
        row(
                title,
                "gox-helix",
                workload,
                stayers,
                Allocator.allocate(workload.ours(stayers, before)).owners(),
                before,
                workload.leaver());
        for (var kafka : kafkaAssignors()) {
            var after = workload.owners(kafka.assign(workload.kafka(stayers, before), workload.topics));
            row(title, kafkaName(kafka), workload, stayers, after, before, workload.leaver());
        }
        var uniform = new UniformAssignor();
        var ownBefore = workload.owners(uniform.assign(workload.kafka(workload.workerIds, Map.of()), workload.topics));
        var ownAfter = workload.owners(uniform.assign(workload.kafka(stayers, ownBefore), workload.topics));
        row(title, "Kafka uniform, from its own cold plan", workload, stayers, ownAfter, ownBefore, workload.leaver());
    }

    private static List<ConsumerGroupPartitionAssignor> kafkaAssignors() {
        return List.of(new UniformAssignor(), new RangeAssignor());
    }

    private static String kafkaName(ConsumerGroupPartitionAssignor assignor) {
        return "Kafka " + assignor.name();
    }

    private static void row(
            String title,
            String assignor,
            Workload workload,
            List<String> members,
            Map<String, String[]> owners,
            Map<String, String[]> before,
            String leaver) {
        workload.checkComplete(owners, members);
        int queueSpread = 0;
        Map<String, Integer> totals = new HashMap<>();
        for (String member : members) {
            totals.put(member, 0);
        }
        for (String queue : workload.queueNames) {
            Map<String, Integer> counts = new HashMap<>();
            for (String member : members) {
                counts.put(member, 0);
            }
            for (String owner : owners.get(queue)) {
                counts.merge(owner, 1, Integer::sum);
                totals.merge(owner, 1, Integer::sum);
            }
            queueSpread = Math.max(queueSpread, spread(counts));
        }
        String moves = "";
        if (before != null) {
            int moved = 0;
            int minimum = 0;
            for (String queue : workload.queueNames) {
                String[] old = before.get(queue);
                String[] now = owners.get(queue);
                for (int p = 0; p < old.length; p++) {
                    moved += old[p].equals(now[p]) ? 0 : 1;
                    minimum += old[p].equals(leaver) ? 1 : 0;
                }
            }
            moves = moved + " (" + minimum + ")";
        }
        System.out.printf("| %s | %s | %d | %d | %s |%n", title, assignor, queueSpread, spread(totals), moves);
    }

    private static int spread(Map<String, Integer> counts) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int count : counts.values()) {
            min = Math.min(min, count);
            max = Math.max(max, count);
        }
        return max - min;
    }
}
