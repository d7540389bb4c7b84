package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000000";

    /** Rows in memory, changed the way the store changes them, and every ledger entry of every round. */
    private static final class Domain {
        final List<QueueSpec> queues = new ArrayList<>();
        final Map<String, WorkerRow> workers = new HashMap<>();
        final Map<String, PartitionRow> rows = new HashMap<>();
        final List<Move> ledger = new ArrayList<>();

        Domain queue(String name, int partitions) {
            queues.removeIf(q -> q.name().equals(name));
            queues.add(new QueueSpec(name, partitions));
            return this;
        }

        Domain deleteQueue(String name) {
            queues.removeIf(q -> q.name().equals(name));
            return this;
        }

        Domain worker(String id, String... queues) {
            WorkerRow old = workers.get(id);
            workers.put(
                    id,
                    WorkerRow.builder(id, Set.of(queues))
                            .versions(old == null ? 1 : old.version(), old == null ? 0 : 1)
                            .build());
            return this;
        }

        void ackAll() {
            workers.replaceAll((id, w) -> new WorkerRow(
                    id,
                    w.queues(),
                    w.live(),
                    w.leaseExpired(),
                    w.version(),
                    w.version(),
                    w.held(),
                    w.cordoned(),
                    w.drain(),
                    w.appVersion(),
                    w.profile()));
        }

        void leave(String id, boolean restart) {
            WorkerRow w = workers.get(id);
            workers.put(id, RowChanges.left(w, restart));
        }

        void leaseRunsOut(String id) {
            WorkerRow w = workers.get(id);
            workers.put(id, RowChanges.leaseRanOut(w));
        }

        List<Move> round() {
            List<WorkerRow> read =
                    workers.values().stream().filter(w -> w.live() || w.held()).toList();
            RoundPlan plan = Rebalance.decide(new DomainState("d", queues, read, List.copyOf(rows.values())));
            for (PartitionRow r : plan.partitions()) {
                rows.put(r.queue() + "/" + r.partition(), r);
            }
            for (WorkerChange c : plan.workers()) {
                WorkerRow w = workers.get(c.id());
                boolean live = w.live() && !c.expired();
                workers.put(
                        c.id(),
                        new WorkerRow(
                                c.id(),
                                w.queues(),
                                live,
                                false,
                                c.newVersion(),
                                w.ackedVersion(),
                                w.held(),
                                w.cordoned(),
                                w.drain(),
                                w.appVersion(),
                                w.profile()));
            }
            for (DrainChange c : plan.drains()) {
                workers.put(c.id(), workers.get(c.id()).withDrain(c.to()));
            }
            ledger.addAll(plan.moves());
            return plan.moves();
        }

        /** Rounds with every worker acknowledging in between, until one changes nothing. */
        List<Move> settle() {
            List<Move> moves = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ackAll();
                List<Move> round = round();
                moves.addAll(round);
                if (round.isEmpty() && i > 0) {
                    break;
                }
            }
            return moves;
        }
    }

    @Test
    void aDrainsHandoffsAreRecordedAsDrain() {
        // Given two workers sharing four partitions
        Domain d = new Domain().queue("q", 4).worker(A, "q").worker(B, "q");
        d.settle();

        // When A is asked to drain
        d.workers.put(A, d.workers.get(A).withDrain(Drain.QUEUED));
        List<Move> moves = d.settle();

        // Then its two partitions went to B, each recorded once as a drain
        assertThat(moves).hasSize(2).allSatisfy(m -> {
            assertThat(m.from()).isEqualTo(A);
            assertThat(m.to()).isEqualTo(B);
            assertThat(m.reason()).isEqualTo(MoveReason.DRAIN);
        });
    }

    @Test
    void aMoveToThePinnedWorkerIsRecordedAsPin() {
        // Given two workers sharing four partitions
        Domain d = new Domain().queue("q", 4).worker(A, "q").worker(B, "q");
        d.settle();
        int partition = d.rows.values().stream()
                .filter(r -> A.equals(Ledger.entitled(r)))
                .findFirst()
                .orElseThrow()
                .partition();

        // When an operator pins one of A's partitions to B
        d.queues.set(0, new QueueSpec("q", 4, 0, Map.of(), "", Map.of(partition, B)));
        List<Move> moves = d.settle();

        // Then that partition moved to B, recorded as a pin
        assertThat(moves)
                .filteredOn(m -> m.partition() == partition)
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.from()).isEqualTo(A);
                    assertThat(m.to()).isEqualTo(B);
                    assertThat(m.reason()).isEqualTo(MoveReason.PIN);
                });
    }

    @Test
    void aNewQueueIsGrantedOnceEachPartitionAsCreate() {
        // Given a worker serving a queue that is being created
        Domain d = new Domain().queue("q", 3).worker(A, "q");

        // When the rounds settle
        List<Move> moves = d.settle();

        // Then each partition has one entry, from nobody to the worker, with its first epoch
        assertThat(moves).hasSize(3).allSatisfy(m -> {
            assertThat(m.from()).isNull();
            assertThat(m.to()).isEqualTo(A);
            assertThat(m.epoch()).isEqualTo(1);
            assertThat(m.reason()).isEqualTo(MoveReason.CREATE);
            assertThat(m.liveWorkers()).isEqualTo(1);
        });
    }

    @Test
    void aHandoffToAJoiningWorkerIsOneEntryFromTheOldOwnerToTheNew() {
        // Given a worker holding four partitions
        Domain d = new Domain().queue("q", 4).worker(A, "q");
        d.settle();

        // When a second worker joins and the revokes are acknowledged
        d.worker(B, "q");
        List<Move> moves = d.settle();

        // Then the two partitions that moved have one entry each, A to B, at the next epoch
        assertThat(moves).hasSize(2).allSatisfy(m -> {
            assertThat(m.from()).isEqualTo(A);
            assertThat(m.to()).isEqualTo(B);
            assertThat(m.epoch()).isEqualTo(2);
            assertThat(m.reason()).isEqualTo(MoveReason.JOIN);
        });
        long owned = d.rows.values().stream()
                .filter(r -> B.equals(Ledger.entitled(r)))
                .count();
        assertThat(owned).isEqualTo(moves.size());
    }

    @Test
    void anExpiryAndALeaveAreNamedAfterThePreviousOwner() {
        Domain d = new Domain().queue("q", 2).worker(A, "q").worker(B, "q");
        d.settle();
        String bOwns = d.rows.values().stream()
                .filter(r -> B.equals(r.owner()))
                .findFirst()
                .orElseThrow()
                .queue();
        assertThat(bOwns).isEqualTo("q");

        // When B's lease runs out
        d.leaseRunsOut(B);
        List<Move> expired = d.settle();

        // Then its partition moves to A for expiry
        assertThat(expired).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo(B);
            assertThat(m.to()).isEqualTo(A);
            assertThat(m.reason()).isEqualTo(MoveReason.EXPIRY);
        });

        // And when A leaves, nobody is left: both go to no owner, for leave
        d.leave(A, false);
        List<Move> left = d.settle();
        assertThat(left).hasSize(2).allSatisfy(m -> {
            assertThat(m.from()).isEqualTo(A);
            assertThat(m.to()).isNull();
            assertThat(m.reason()).isEqualTo(MoveReason.LEAVE);
            assertThat(m.liveWorkers()).isZero();
        });
    }

    @Test
    void aRestartIsRecordedWhenItsPartitionsAreHeldAndWhenTheyComeBack() {
        Domain d = new Domain().queue("q", 2).worker(A, "q");
        d.settle();

        d.leave(A, true);
        List<Move> held = d.settle();
        d.worker(A, "q");
        List<Move> back = d.settle();

        assertThat(held).hasSize(2).allSatisfy(m -> {
            assertThat(m.to()).isNull();
            assertThat(m.reason()).isEqualTo(MoveReason.RESTART);
        });
        assertThat(back).hasSize(2).allSatisfy(m -> {
            assertThat(m.from()).isNull();
            assertThat(m.to()).isEqualTo(A);
            assertThat(m.reason()).isEqualTo(MoveReason.RESTART);
        });
    }

    @Test
    void aResizeAndADeleteAreNamedAfterTheQueue() {
        Domain d = new Domain().queue("q", 2).worker(A, "q");
        d.settle();

        d.queue("q", 3);
        List<Move> grown = d.settle();
        d.queue("q", 1);
        List<Move> shrunk = d.settle();
        d.deleteQueue("q");
        List<Move> deleted = d.settle();

        assertThat(grown).singleElement().satisfies(m -> {
            assertThat(m.partition()).isEqualTo(2);
            assertThat(m.reason()).isEqualTo(MoveReason.RESIZE);
        });
        assertThat(shrunk).extracting(Move::partition).containsExactlyInAnyOrder(1, 2);
        assertThat(shrunk).allSatisfy(m -> assertThat(m.reason()).isEqualTo(MoveReason.RESIZE));
        assertThat(deleted).singleElement().satisfies(m -> {
            assertThat(m.to()).isNull();
            assertThat(m.reason()).isEqualTo(MoveReason.DELETE);
        });
    }

    @Test
    void aMoveBetweenBusyWorkersIsARebalance() {
        MoveReason.Cause released =
                new MoveReason.Cause(MoveReason.Loss.RELEASED, false, false, false, true, false, false);
        assertThat(MoveReason.of(released)).isEqualTo(MoveReason.REBALANCE);
        assertThat(MoveReason.REBALANCE.label()).isEqualTo("rebalance");
    }
}
