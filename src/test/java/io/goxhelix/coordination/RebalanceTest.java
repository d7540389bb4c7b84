package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RebalanceTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";

    /** A tiny in-memory store: applies plans the way the SQL does, so rounds can follow each other. */
    private static final class Domain {
        final List<QueueSpec> queues = new ArrayList<>();
        final Map<String, WorkerRow> workers = new HashMap<>();
        final Map<String, PartitionRow> rows = new HashMap<>();

        Domain queue(String name, int partitions) {
            queues.removeIf(q -> q.name().equals(name));
            queues.add(new QueueSpec(name, partitions));
            return this;
        }

        Domain worker(String id, String... queues) {
            WorkerRow old = workers.get(id);
            long version = old == null ? 1 : old.version();
            long acked = old == null ? 0 : old.ackedVersion();
            workers.put(
                    id,
                    WorkerRow.builder(id, Set.of(queues))
                            .versions(version, acked)
                            .build());
            return this;
        }

        void ack(String id) {
            WorkerRow w = workers.get(id);
            workers.put(
                    id,
                    WorkerRow.builder(id, w.queues())
                            .versions(w.version(), w.version())
                            .live(w.live())
                            .leaseExpired(w.leaseExpired())
                            .build());
        }

        void leave(String id) {
            WorkerRow w = workers.get(id);
            workers.put(id, RowChanges.left(w, false));
        }

        void leaseRunsOut(String id) {
            WorkerRow w = workers.get(id);
            workers.put(id, RowChanges.leaseRanOut(w));
        }

        RoundPlan round() {
            List<WorkerRow> live =
                    workers.values().stream().filter(WorkerRow::live).toList();
            RoundPlan plan = Rebalance.decide(new DomainState("d", queues, live, List.copyOf(rows.values())));
            for (PartitionRow r : plan.partitions()) {
                rows.put(r.queue() + "/" + r.partition(), r);
            }
            for (WorkerChange c : plan.workers()) {
                WorkerRow w = workers.get(c.id());
                boolean live2 = w.live() && !c.expired();
                workers.put(
                        c.id(),
                        WorkerRow.builder(c.id(), w.queues())
                                .versions(c.newVersion(), w.ackedVersion())
                                .live(live2)
                                .build());
            }
            return plan;
        }

        PartitionRow row(String queue, int p) {
            return rows.get(queue + "/" + p);
        }

        Set<Integer> snapshot(String id) {
            return rows.values().stream()
                    .filter(r -> id.equals(r.owner()) && r.state() == PartitionState.ASSIGNED)
                    .map(PartitionRow::partition)
                    .collect(Collectors.toSet());
        }

        long version(String id) {
            return workers.get(id).version();
        }
    }

    @Test
    void aFirstWorkerIsGrantedEveryPartitionWithEpochOne() {
        Domain d = new Domain().queue("q", 4).worker(A, "q");

        RoundPlan plan = d.round();

        assertThat(plan.grants()).isEqualTo(4);
        assertThat(d.snapshot(A)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(d.row("q", 0).epoch()).isEqualTo(1);
        assertThat(d.version(A)).isEqualTo(2);
    }

    @Test
    void aMoveIsRevokeThenGrantOnlyAfterTheOwnerAcknowledges() {
        Domain d = new Domain().queue("q", 4).worker(A, "q");
        d.round();
        d.ack(A);

        // When B joins, A's surplus is revoked, not granted to B yet.
        d.worker(B, "q");
        RoundPlan revoke = d.round();
        assertThat(revoke.revokes()).isEqualTo(2);
        assertThat(revoke.grants()).isZero();
        assertThat(d.snapshot(B)).isEmpty();
        List<PartitionRow> releasing = d.rows.values().stream()
                .filter(r -> r.state() == PartitionState.RELEASING)
                .toList();
        assertThat(releasing).hasSize(2).allSatisfy(r -> {
            assertThat(r.owner()).isEqualTo(A);
            assertThat(r.releaseVersion()).isEqualTo(d.version(A));
        });

        // Rounds before the acknowledgement change nothing.
        assertThat(d.round().isEmpty()).isTrue();

        // Once A acknowledges the version without them, B gets them with the next epoch.
        d.ack(A);
        RoundPlan grant = d.round();
        assertThat(grant.releases()).isEqualTo(2);
        assertThat(grant.grants()).isEqualTo(2);
        assertThat(d.snapshot(B)).hasSize(2);
        assertThat(d.snapshot(A)).hasSize(2);
        for (int p : d.snapshot(B)) {
            assertThat(d.row("q", p).epoch()).isEqualTo(2);
        }
    }

    @Test
    void anOldAcknowledgementDoesNotConfirmANewerRevoke() {
        Domain d = new Domain().queue("q", 4).worker(A, "q");
        d.round();
        d.ack(A); // acks version 2
        d.worker(B, "q");
        d.round(); // revoke at version 3

        RoundPlan plan = d.round(); // A still at ack 2

        assertThat(plan.grants()).isZero();
        assertThat(d.snapshot(B)).isEmpty();
    }

    @Test
    void aLeaveFreesThePartitionsAtOnce() {
        Domain d = new Domain().queue("q", 4).worker(A, "q").worker(B, "q");
        d.round();
        d.leave(A);

        RoundPlan plan = d.round();

        assertThat(plan.releases()).isEqualTo(2);
        assertThat(d.snapshot(B)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void anExpiredLeaseEndsEntitlementEvenWhileReleasing() {
        Domain d = new Domain().queue("q", 4).worker(A, "q");
        d.round();
        d.worker(B, "q");
        d.round(); // A told to release two, never acknowledges
        long before = d.version(A);

        d.leaseRunsOut(A);
        RoundPlan plan = d.round();

        assertThat(plan.expirations()).isEqualTo(1);
        assertThat(d.workers.get(A).live()).isFalse();
        assertThat(d.version(A)).isEqualTo(before + 1);
        assertThat(d.snapshot(B)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void shrinkingRevokesTheHighestPartitionsAndKeepsTheirEpochs() {
        Domain d = new Domain().queue("q", 4).worker(A, "q");
        d.round();
        d.ack(A);

        d.queue("q", 2);
        d.round();
        assertThat(d.row("q", 3).state()).isEqualTo(PartitionState.RELEASING);
        assertThat(d.snapshot(A)).containsExactlyInAnyOrder(0, 1);

        d.ack(A);
        d.round();
        assertThat(d.row("q", 3).state()).isEqualTo(PartitionState.UNASSIGNED);

        // Growing again grants the old partition with a later epoch than any before.
        d.queue("q", 4);
        d.round();
        assertThat(d.row("q", 3).epoch()).isEqualTo(2);
        assertThat(d.snapshot(A)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aWorkerDroppingAQueueReleasesItsPartitions() {
        Domain d = new Domain().queue("q", 2).queue("r", 2).worker(A, "q", "r");
        d.round();
        d.ack(A);

        d.worker(A, "r");
        d.round();

        assertThat(d.row("q", 0).state()).isEqualTo(PartitionState.RELEASING);
        assertThat(d.row("r", 0).state()).isEqualTo(PartitionState.ASSIGNED);
    }

    @Test
    void eachChangedWorkerGetsOneNewVersionPerRound() {
        Domain d = new Domain().queue("q", 10).queue("r", 10).worker(A, "q", "r");

        RoundPlan plan = d.round();

        assertThat(plan.workers()).containsExactly(new WorkerChange(A, 2, false));
    }

    @Test
    void aQuietDomainYieldsAnEmptyPlan() {
        Domain d = new Domain().queue("q", 6).worker(A, "q").worker(B, "q");
        d.round();

        assertThat(d.round().isEmpty()).isTrue();
    }
}
