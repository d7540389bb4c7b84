package io.goxhelix.bench;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.WorkerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.GroupAssignment;
import org.apache.kafka.coordinator.group.api.assignor.GroupSpec;
import org.apache.kafka.coordinator.group.api.assignor.MemberAssignment;
import org.apache.kafka.coordinator.group.api.assignor.SubscribedTopicDescriber;
import org.apache.kafka.coordinator.group.api.assignor.SubscriptionType;
import org.apache.kafka.coordinator.group.modern.Assignment;
import org.apache.kafka.coordinator.group.modern.GroupSpecImpl;
import org.apache.kafka.coordinator.group.modern.MemberSubscriptionAndAssignmentImpl;

/**
 * One setting shared by both implementations: {@code queueCount} queues (Kafka: topics) of {@code
 * partitionsPerQueue} partitions each, and {@code workerCount} workers (Kafka: members) that all serve
 * every queue. It builds the same situation as our {@link AllocationInput} and as Kafka's {@link
 * GroupSpec}, and converts Kafka's result back to our form (queue name to the owner of each
 * partition) so that both can be measured alike.
 */
final class Workload {

    final List<QueueSpec> queues;
    final List<WorkerSpec> workers;
    /** Worker ids, the same strings for both implementations. */
    final List<String> workerIds;

    final String[] queueNames;
    final Uuid[] topicIds;
    final Map<Uuid, Integer> topicIndex = new HashMap<>();
    final Set<Uuid> allTopicIds = new HashSet<>();
    final SubscribedTopicDescriber topics;

    Workload(int queueCount, int partitionsPerQueue, int workerCount) {
        var random = new Random(42);
        queueNames = new String[queueCount];
        topicIds = new Uuid[queueCount];
        var queueList = new ArrayList<QueueSpec>();
        var partitions = new HashMap<Uuid, Integer>();
        for (int q = 0; q < queueCount; q++) {
            queueNames[q] = "queue-" + q;
            topicIds[q] = new Uuid(random.nextLong(), random.nextLong());
            topicIndex.put(topicIds[q], q);
            allTopicIds.add(topicIds[q]);
            partitions.put(topicIds[q], partitionsPerQueue);
            queueList.add(new QueueSpec(queueNames[q], partitionsPerQueue));
        }
        queues = List.copyOf(queueList);
        topics = new Topics(Map.copyOf(partitions));
        Set<String> all = Set.of(queueNames);
        var ids = new ArrayList<String>();
        var workerList = new ArrayList<WorkerSpec>();
        for (int w = 0; w < workerCount; w++) {
            String id = UUID.nameUUIDFromBytes(("worker-" + w).getBytes(StandardCharsets.UTF_8))
                    .toString();
            ids.add(id);
            workerList.add(new WorkerSpec(id, all));
        }
        workerIds = List.copyOf(ids);
        workers = List.copyOf(workerList);
    }

    int partitions() {
        return queues.stream().mapToInt(QueueSpec::partitions).sum();
    }

    /** The worker that leaves in the leave scenarios: the middle one. */
    String leaver() {
        return workerIds.get(workerIds.size() / 2);
    }

    List<String> stayers() {
        var stayers = new ArrayList<>(workerIds);
        stayers.remove(leaver());
        return stayers;
    }

    /** Our input: the given workers, and {@code owners} as the current ownership (empty: cold). */
    AllocationInput ours(List<String> members, Map<String, String[]> owners) {
        var present = Set.copyOf(members);
        List<WorkerSpec> serving =
                workers.stream().filter(w -> present.contains(w.id())).toList();
        return new AllocationInput(queues, serving, owners);
    }

    /**
     * The same situation in the allocator's constrained mode, with every rule at work at once:
     * weights 1 to 3, a capacity of 110 % of each worker's weighted share of all partitions, three
     * zones and two tiers of labels, queue priorities 0 to 2, every third queue requiring the fast
     * tier and every other one spread over the zones. Kafka has no equivalent.
     */
    AllocationInput constrained(List<String> members, Map<String, String[]> owners) {
        var present = Set.copyOf(members);
        long totalWeight = 0;
        for (int w = 0; w < workerIds.size(); w++) {
            totalWeight += 1 + w % 3;
        }
        var constrainedWorkers = new ArrayList<WorkerSpec>();
        for (int w = 0; w < workerIds.size(); w++) {
            if (!present.contains(workerIds.get(w))) {
                continue;
            }
            int weight = 1 + w % 3;
            int max = (int) (1.1 * partitions() * weight / totalWeight) + 1;
            var labels = Map.of("zone", "z" + w % 3, "tier", w % 2 == 0 ? "fast" : "slow");
            constrainedWorkers.add(
                    new WorkerSpec(workerIds.get(w), workers.get(w).queues(), weight, max, labels));
        }
        var constrainedQueues = new ArrayList<QueueSpec>();
        for (int q = 0; q < queues.size(); q++) {
            Map<String, String> required = q % 3 == 0 ? Map.of("tier", "fast") : Map.of();
            String spread = q % 2 == 0 ? "zone" : "";
            constrainedQueues.add(
                    new QueueSpec(queueNames[q], queues.get(q).partitions(), q % 3, required, spread, Map.of()));
        }
        return new AllocationInput(constrainedQueues, constrainedWorkers, owners);
    }

    /**
     * Kafka's input for the same situation: every member subscribed to every topic (homogeneous),
     * each with its current assignment taken from {@code owners} (partitions of owners that are not
     * members are unassigned), and the inverted assignment of the members' partitions, as the group
     * coordinator hands them to an assignor. The assignment maps are unmodifiable, as the assignor
     * requires.
     */
    GroupSpec kafka(List<String> members, Map<String, String[]> owners) {
        var present = Set.copyOf(members);
        Map<String, Map<Uuid, Set<Integer>>> assigned = new HashMap<>();
        Map<Uuid, Map<Integer, String>> inverted = new HashMap<>();
        for (int q = 0; q < queueNames.length; q++) {
            String[] current = owners.get(queueNames[q]);
            if (current == null) {
                continue;
            }
            Uuid topic = topicIds[q];
            Map<Integer, String> invertedTopic = new HashMap<>();
            for (int p = 0; p < current.length; p++) {
                String owner = current[p];
                if (owner != null && present.contains(owner)) {
                    assigned.computeIfAbsent(owner, o -> new HashMap<>())
                            .computeIfAbsent(topic, t -> new HashSet<>())
                            .add(p);
                    invertedTopic.put(p, owner);
                }
            }
            if (!invertedTopic.isEmpty()) {
                inverted.put(topic, invertedTopic);
            }
        }
        Map<String, MemberSubscriptionAndAssignmentImpl> specs = new HashMap<>();
        for (String member : members) {
            Map<Uuid, Set<Integer>> partitions = assigned.get(member);
            specs.put(
                    member,
                    new MemberSubscriptionAndAssignmentImpl(
                            Optional.empty(),
                            Optional.empty(),
                            allTopicIds,
                            partitions == null ? Assignment.EMPTY : new Assignment(partitions)));
        }
        return new GroupSpecImpl(specs, SubscriptionType.HOMOGENEOUS, inverted);
    }

    /** Kafka's result in our form: queue name to the owner of each partition, {@code null} if none. */
    Map<String, String[]> owners(GroupAssignment assignment) {
        String[][] owners = new String[queueNames.length][];
        for (int q = 0; q < queueNames.length; q++) {
            owners[q] = new String[queues.get(q).partitions()];
        }
        for (Map.Entry<String, MemberAssignment> member : assignment.members().entrySet()) {
            for (Map.Entry<Uuid, Set<Integer>> topic :
                    member.getValue().partitions().entrySet()) {
                String[] queue = owners[topicIndex.get(topic.getKey())];
                for (int p : topic.getValue()) {
                    if (queue[p] != null) {
                        throw new IllegalStateException("partition " + p + " assigned twice");
                    }
                    queue[p] = member.getKey();
                }
            }
        }
        Map<String, String[]> byName = new HashMap<>();
        for (int q = 0; q < queueNames.length; q++) {
            byName.put(queueNames[q], owners[q]);
        }
        return byName;
    }

    /** Throws unless every partition is owned by one of {@code members}. */
    void checkComplete(Map<String, String[]> owners, List<String> members) {
        var present = Set.copyOf(members);
        for (String queue : queueNames) {
            String[] assigned = owners.get(queue);
            if (assigned == null || !Arrays.stream(assigned).allMatch(present::contains)) {
                throw new IllegalStateException("queue " + queue + " is not fully assigned to members");
            }
        }
    }

    /** The partition counts of the topics; no racks. */
    private record Topics(Map<Uuid, Integer> partitions) implements SubscribedTopicDescriber {

        @Override
        public int numPartitions(Uuid topicId) {
            return partitions.getOrDefault(topicId, -1);
        }

        @Override
        public Set<String> racksForPartition(Uuid topicId, int partition) {
            return Set.of();
        }
    }
}
