package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A worker that leaves to restart keeps its partitions, unowned, until it returns or its grace ends. */
class RestartGraceTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";
    private static final String C = "cccccccc-0000-0000-0000-000000000000";

    /** Applies plans the way the store does; a restarting worker is read as held while its grace runs. */
    private static final class Domain {
        final List<QueueSpec> queues = new ArrayList<>();
        final Map<String, WorkerRow> workers = new TreeMap<>();
        final Map<String, PartitionRow> rows = new HashMap<>();
        int revokes;

        Domain(int partitions, String... ids) {
            queues.add(new QueueSpec("q", partitions));
            for (String id : ids) {
                join(id);
            }
            settle();
        }

        void join(String id) {
            WorkerRow old = workers.get(id);
            long version = old == null ? 0 : old.live() ? old.version() : old.version() + 1;
            long acked = old == null ? 0 : old.ackedVersion();
            workers.put(
                    id,
                    WorkerRow.builder(id, Set.of("q")).versions(version, acked).build());
        }

        void leaveToRestart(String id) {
            WorkerRow w = workers.get(id);
            workers.put(id, RowChanges.left(w, true));
        }

        void graceEnds(String id) {
            WorkerRow w = workers.get(id);
            workers.put(
                    id,
                    WorkerRow.builder(id, w.queues())
                            .versions(w.version(), w.ackedVersion())
                            .live(false)
                            .build());
        }

        /** Rounds, each followed by every acknowledgement, until nothing changes. */
        void settle() {
            for (int i = 0; i < 10; i++) {
                List<WorkerRow> read = workers.values().stream()
                        .filter(w -> w.live() || w.held())
                        .toList();
                RoundPlan plan = Rebalance.decide(new DomainState("d", queues, read, List.copyOf(rows.values())));
                plan.partitions().forEach(r -> rows.put(r.queue() + "/" + r.partition(), r));
                revokes += plan.revokes();
                for (WorkerChange c : plan.workers()) {
                    WorkerRow w = workers.get(c.id());
                    workers.put(
                            c.id(),
                            WorkerRow.builder(c.id(), w.queues())
                                    .versions(c.newVersion(), c.newVersion())
                                    .build());
                }
                workers.replaceAll((id, w) -> w.live()
                        ? WorkerRow.builder(id, w.queues())
                                .versions(w.version(), w.version())
                                .build()
                        : w);
                if (plan.isEmpty()) {
                    return;
                }
            }
            throw new AssertionError("rounds did not settle");
        }

        Map<Integer, String> owners(PartitionState state) {
            return rows.values().stream()
                    .filter(r -> r.state() == state)
                    .collect(Collectors.toMap(PartitionRow::partition, PartitionRow::owner));
        }

        Map<Integer, Long> epochs() {
            return rows.values().stream().collect(Collectors.toMap(PartitionRow::partition, PartitionRow::epoch));
        }
    }

    @Test
    void aRestartingWorkersPartitionsAreHeldForItAndNobodyElseMoves() {
        // Given three workers sharing 6 partitions
        Domain d = new Domain(6, A, B, C);
        Map<Integer, String> before = d.owners(PartitionState.ASSIGNED);

        // When A leaves to restart
        d.leaveToRestart(A);
        d.settle();

        // Then A's partitions are held for it, unowned, and B and C keep exactly what they had
        Map<Integer, String> held = d.owners(PartitionState.HELD);
        assertThat(held).hasSize(2);
        assertThat(held.values()).containsOnly(A);
        assertThat(d.owners(PartitionState.ASSIGNED))
                .containsExactlyInAnyOrderEntriesOf(before.entrySet().stream()
                        .filter(e -> !e.getValue().equals(A))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(d.revokes).isZero();
    }

    @Test
    void aWorkerReturningWithinItsGraceGetsItsPartitionsBackWithNewEpochsAndNoMove() {
        Domain d = new Domain(6, A, B, C);
        Map<Integer, String> before = d.owners(PartitionState.ASSIGNED);
        Map<Integer, Long> epochs = d.epochs();
        int revokes = d.revokes;

        // When every worker restarts in turn under its own id
        for (String id : List.of(A, B, C)) {
            d.leaveToRestart(id);
            d.settle();
            d.join(id);
            d.settle();
        }

        // Then every partition is with its old owner again, each re-granted once, and none was revoked
        assertThat(d.owners(PartitionState.ASSIGNED)).isEqualTo(before);
        assertThat(d.owners(PartitionState.HELD)).isEmpty();
        assertThat(d.revokes).isEqualTo(revokes);
        d.epochs().forEach((p, epoch) -> assertThat(epoch).isEqualTo(epochs.get(p) + 1));
    }

    @Test
    void onceTheGraceIsOverTheHeldPartitionsAreDividedAsAfterALeave() {
        Domain d = new Domain(6, A, B, C);
        d.leaveToRestart(A);
        d.settle();

        // When A's grace ends without its return
        d.graceEnds(A);
        d.settle();

        // Then B and C share all six partitions and nothing is held any more
        assertThat(d.owners(PartitionState.HELD)).isEmpty();
        Map<String, Long> counts = d.owners(PartitionState.ASSIGNED).values().stream()
                .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
        assertThat(counts).containsOnlyKeys(B, C).containsValues(3L, 3L);
    }

    @Test
    void partitionsAddedDuringTheGraceAreHeldForTheRestartingWorkersShareAndGrowthGoesToOthersToo() {
        Domain d = new Domain(6, A, B, C);
        d.leaveToRestart(A);
        d.settle();

        // When the queue grows to 9 while A is away, and A then returns
        d.queues.set(0, new QueueSpec("q", 9));
        d.settle();
        assertThat(d.owners(PartitionState.ASSIGNED)).hasSize(6);
        assertThat(d.owners(PartitionState.HELD).values()).hasSize(3).containsOnly(A);
        d.join(A);
        d.settle();

        // Then everyone holds three, and no worker was ever granted what another was entitled to
        Map<String, Long> counts = d.owners(PartitionState.ASSIGNED).values().stream()
                .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
        assertThat(counts).containsOnlyKeys(A, B, C).containsValues(3L, 3L, 3L);
        assertThat(d.revokes).isZero();
    }
}
