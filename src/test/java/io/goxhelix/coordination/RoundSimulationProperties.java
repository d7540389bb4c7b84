package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.testing.Invariants;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The round decision driven through random histories of a domain, its rows kept as the store keeps
 * them ({@link SimulatedDomain}): after every step no partition has two entitled owners (S1) and every
 * grant's epoch is above all earlier ones of its partition (S3); once the steps stop and every
 * acknowledgement arrives, rounds come to rest balanced (S5) with every partition of a served queue
 * assigned.
 */
class RoundSimulationProperties {

    private static final List<String> WORKERS = List.of("w0", "w1", "w2", "w3", "w4");
    private static final List<String> QUEUES = List.of("q0", "q1", "q2");
    private static final int MAX_PARTITIONS = 10;
    /** Revoke, confirm and grant take two rounds; a few more for grants that follow frees. */
    private static final int ROUNDS_TO_REST = 10;

    enum Kind {
        HEARTBEAT,
        ACK,
        LEAVE,
        LEASE_RUNS_OUT,
        PUT_QUEUE,
        DELETE_QUEUE,
        ROUND,
        COORDINATOR_LOST
    }

    /** One step; {@code a} and {@code b} pick whom or what it acts on. */
    record Step(Kind kind, int a, int b) {

        void applyTo(SimulatedDomain domain) {
            switch (kind) {
                case HEARTBEAT -> domain.heartbeat(WORKERS.get(a % WORKERS.size()), b % 4 == 0 ? null : served(b));
                case ACK -> domain.acknowledge(a, b % 3 == 0 ? b / 3 : 0);
                case LEAVE -> domain.leave(a);
                case LEASE_RUNS_OUT -> domain.leaseRunsOut(a);
                case PUT_QUEUE -> domain.putQueue(QUEUES.get(a % QUEUES.size()), 1 + b % MAX_PARTITIONS);
                case DELETE_QUEUE -> domain.deleteQueue(a);
                case ROUND -> domain.round();
                case COORDINATOR_LOST -> domain.coordinatorLost();
            }
        }

        /** Every queue name more often than not, so that total balance is at stake too; rarely none. */
        private static Set<String> served(int b) {
            int mask = b % 16 >= 7 ? 7 : b % 16;
            Set<String> served = new TreeSet<>();
            for (int q = 0; q < QUEUES.size(); q++) {
                if ((mask & (1 << q)) != 0) {
                    served.add(QUEUES.get(q));
                }
            }
            return served;
        }

        @Override
        public String toString() {
            return kind + "(" + a + ", " + b + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(6, Kind.HEARTBEAT),
                Tuple.of(8, Kind.ACK),
                Tuple.of(2, Kind.LEAVE),
                Tuple.of(2, Kind.LEASE_RUNS_OUT),
                Tuple.of(3, Kind.PUT_QUEUE),
                Tuple.of(1, Kind.DELETE_QUEUE),
                Tuple.of(8, Kind.ROUND),
                Tuple.of(1, Kind.COORDINATOR_LOST));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 15);
        return Combinators.combine(kind, pick, pick)
                .as(Step::new)
                .list()
                .ofMaxSize(100)
                // Long histories as often as short ones: handoffs need a few joins, leaves and rounds.
                .withSizeDistribution(RandomDistribution.uniform());
    }

    @Property
    void everyRoundKeepsOneEntitledOwnerAndRisingEpochsAndRestsBalanced(@ForAll("histories") List<Step> history) {
        SimulatedDomain domain = new SimulatedDomain(Set.copyOf(QUEUES));
        for (Step step : history) {
            step.applyTo(domain);
            assertThat(domain.violations())
                    .as(() -> "S1/S3 after\n" + domain.trace())
                    .isEmpty();
        }
        boolean rested = domain.settle(ROUNDS_TO_REST);
        assertThat(domain.violations())
                .as(() -> "S1/S3 after\n" + domain.trace())
                .isEmpty();
        assertThat(rested)
                .as(() -> "a round changing nothing within " + ROUNDS_TO_REST + " after\n" + domain.trace())
                .isTrue();
        assertThat(Invariants.balance(domain.layout()))
                .as(() -> "S5 at rest after\n" + domain.trace())
                .isEmpty();
        assertThat(domain.ownedBeyondQueues())
                .as(() -> "removed partitions still owned after\n" + domain.trace())
                .isEmpty();
        int handoffs = domain.handoffs();
        Statistics.label("handoffs").collect(handoffs == 0 ? "none" : handoffs < 10 ? "1-9" : "10+");
        Statistics.label("workers at rest")
                .collect(domain.layout().workers().size() + (domain.layout().homogeneous() ? " serving the same" : ""));
    }

    @Example
    void grantingWithoutWaitingForTheReleaseIsCaught() {
        // A coordinator that takes a partition it asked to be released as already free.
        SimulatedDomain domain = new SimulatedDomain(
                Set.copyOf(QUEUES),
                state -> new DomainState(
                        state.domain(),
                        state.queues(),
                        state.workers(),
                        state.partitions().stream()
                                .map(r -> r.state() == PartitionState.RELEASING
                                        ? PartitionRow.unassigned(r.queue(), r.partition(), r.epoch())
                                        : r)
                                .toList()));
        handOverHalf(domain);

        assertThat(domain.violations()).anyMatch(v -> v.contains("took it while"));
    }

    @Example
    void grantingAnEpochAgainIsCaught() {
        // A coordinator that loses the epochs of the partitions being released.
        UnaryOperator<DomainState> forgetful = state -> new DomainState(
                state.domain(),
                state.queues(),
                state.workers(),
                state.partitions().stream()
                        .map(r -> r.state() == PartitionState.RELEASING
                                ? new PartitionRow(
                                        r.queue(), r.partition(), r.owner(), r.state(), 0, r.releaseVersion())
                                : r)
                        .toList());
        SimulatedDomain domain = new SimulatedDomain(Set.copyOf(QUEUES), forgetful);
        handOverHalf(domain);
        domain.settle(ROUNDS_TO_REST);

        assertThat(domain.violations()).anyMatch(v -> v.contains("epoch 1 after 1"));
    }

    @Example
    void theRealRoundHandsOverSafely() {
        SimulatedDomain domain = new SimulatedDomain(Set.copyOf(QUEUES));
        handOverHalf(domain);

        assertThat(domain.settle(ROUNDS_TO_REST)).isTrue();
        assertThat(domain.violations()).isEmpty();
        assertThat(Invariants.balance(domain.layout())).isEmpty();
        assertThat(domain.layout().counts("q0")).containsEntry("w0", 2).containsEntry("w1", 2);
    }

    /** w0 holds all of a queue and acknowledges; w1 joins; rounds run before w0 acknowledges the revoke. */
    private static void handOverHalf(SimulatedDomain domain) {
        domain.putQueue("q0", 4);
        domain.heartbeat("w0", Set.of("q0"));
        domain.round();
        domain.acknowledge(0, 0);
        domain.heartbeat("w1", Set.of("q0"));
        domain.round();
        domain.round();
    }
}
