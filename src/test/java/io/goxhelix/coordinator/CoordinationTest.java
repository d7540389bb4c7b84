package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.DatabaseResource;
import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.Invariants;
import io.goxhelix.testing.Layout;
import io.goxhelix.testing.ReactiveProfile;
import io.goxhelix.testing.SimulatedFleet;
import io.goxhelix.testing.SimulatedWorker;
import io.goxhelix.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of the coordinator, end to end on the real database: safety from the workers' point of
 * view (S1), epochs (S3), leases (S4), balance (S5), stickiness (S6), reactivity without the periodic
 * safety net (S7) and fencing (S8). S1, S3, S5 and S6 are judged by {@link Invariants}, from what the
 * workers held and from the queue views of the rows.
 */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class CoordinationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration BEAT = Duration.ofMillis(500);

    @TestHTTPResource("/")
    URI base;

    private final SimulatedFleet fleet = new SimulatedFleet();

    @AfterEach
    void stopWorkers() {
        fleet.close();
    }

    private SimulatedWorker worker(String domain, String... queues) {
        return fleet.start(base, domain, List.of(queues), BEAT);
    }

    private static String domain() {
        return "d-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long awaitBalanced(String domain, String queue, int partitions, List<String> ids) {
        long start = System.nanoTime();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Cluster.balanced(Cluster.assigned(domain, queue), partitions, ids));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void joinsAndLeavesConvergeBalancedMovingOnlyWhatMustMove() throws Exception {
        // Given the original design's example queue and three workers
        String d = domain();
        Cluster.putQueue(d, "food_order", 50);
        List<SimulatedWorker> three =
                List.of(worker(d, "food_order"), worker(d, "food_order"), worker(d, "food_order"));
        List<String> ids =
                new ArrayList<>(three.stream().map(SimulatedWorker::id).toList());
        long cold = awaitBalanced(d, "food_order", 50, ids);
        List<HoldingLog.Interval> grants = new ArrayList<>();
        Map<Integer, String> before = observe(d, "food_order", grants);

        // When a fourth joins
        SimulatedWorker joiner = worker(d, "food_order");
        ids.add(joiner.id());
        long join = awaitBalanced(d, "food_order", 50, ids);
        Map<Integer, String> afterJoin = observe(d, "food_order", grants);

        // Then only partitions received by the joiner moved
        int movedOnJoin = assertOnlyJoinerReceived(before, joiner.id(), afterJoin);
        assertThat(movedOnJoin).isBetween(12, 13);

        // When one of the first three leaves
        SimulatedWorker leaver = three.get(1);
        int leaversPartitions = Collections.frequency(afterJoin.values(), leaver.id());
        leaver.leave();
        ids.remove(leaver.id());
        long leave = awaitBalanced(d, "food_order", 50, ids);
        Map<Integer, String> afterLeave = observe(d, "food_order", grants);

        // Then exactly the leaver's partitions moved, and every partition that moved has a newer epoch
        assertOnlyTheLeaversPartitionsMoved(afterJoin, leaver.id(), afterLeave);
        assertThat(Invariants.epochs(grants)).isEmpty();
        fleet.log().assertSafe();
        System.out.printf(
                "[convergence] 50 partitions: cold 3 workers %d ms; join 3->4 %d ms, %d moves; leave 4->3 %d ms, %d moves%n",
                cold, join, movedOnJoin, leave, leaversPartitions);
    }

    /** The queue's ASSIGNED owners now, whose grants are added to {@code seen}. */
    private static Map<Integer, String> observe(String domain, String queue, List<HoldingLog.Interval> seen) {
        List<HoldingLog.Interval> now = Cluster.grants(domain, queue, System.nanoTime());
        seen.addAll(now);
        return now.stream().collect(Collectors.toMap(HoldingLog.Interval::partition, HoldingLog.Interval::worker));
    }

    /** S6, join: every partition that changed owner went to the joiner; how many did. */
    private static int assertOnlyJoinerReceived(
            Map<Integer, String> before, String joiner, Map<Integer, String> after) {
        assertThat(Invariants.onlyJoinerReceives(owners(before), joiner, owners(after)))
                .isEmpty();
        return Invariants.reassigned(owners(before), owners(after));
    }

    /** S6, leave: the partitions that moved are exactly the leaver's. */
    private static void assertOnlyTheLeaversPartitionsMoved(
            Map<Integer, String> before, String leaver, Map<Integer, String> after) {
        assertThat(Invariants.onlyLeaverMoved(owners(before), leaver, owners(after)))
                .isEmpty();
        assertThat(Invariants.reassigned(owners(before), owners(after)))
                .isEqualTo(Collections.frequency(before.values(), leaver));
    }

    /** A queue's owners as {@link Invariants} compares them: an array up to the last assigned partition. */
    private static Map<String, String[]> owners(Map<Integer, String> assigned) {
        return Layout.ofOneQueue("q", 0, List.of(), assigned).owners();
    }

    @Test
    void anExpiredWorkerLosesItsPartitionsAndComesBackAfresh() {
        // Given two workers sharing a queue
        String d = domain();
        Cluster.putQueue(d, "q", 8);
        SimulatedWorker a = worker(d, "q");
        SimulatedWorker b = worker(d, "q");
        awaitBalanced(d, "q", 8, List.of(a.id(), b.id()));
        long versionBefore = snapshotVersion(d, a.id());
        List<HoldingLog.Interval> grants = new ArrayList<>(Cluster.grants(d, "q", System.nanoTime()));

        // When a stops heartbeating without leaving
        a.crash();
        long crashed = System.nanoTime();

        // Then after its lease, b holds everything, and a's snapshot is empty at a newer version
        awaitBalanced(d, "q", 8, List.of(b.id()));
        long reassignedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
        observe(d, "q", grants);
        assertThat(Invariants.epochs(grants)).isEmpty();
        assertThat(snapshotVersion(d, a.id())).isGreaterThan(versionBefore);
        assertThat(given().get("/api/v1/domains/{d}/workers/{w}/assignments", d, a.id())
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("partitions"))
                .isEmpty();
        assertThat(given().get("/api/v1/domains/{d}/workers", d)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("workerId"))
                .containsExactly(b.id());

        // And a heartbeat from a re-registers it under a version newer than any snapshot it saw
        assertThat(heartbeat(d, a.id(), versionBefore)).isGreaterThan(versionBefore + 1);
        fleet.log().assertSafe();
        System.out.printf("[convergence] crash -> partitions reassigned: %d ms (lease 2000 ms)%n", reassignedMs);
    }

    /** A heartbeat for queue q acknowledging {@code acked}; the assignment version it answers. */
    private static long heartbeat(String domain, String worker, long acked) {
        return given().contentType("application/json")
                .body(Map.of("queues", List.of("q"), "ackedVersion", acked))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("assignmentVersion");
    }

    private static long snapshotVersion(String domain, String worker) {
        return given().get("/api/v1/domains/{d}/workers/{w}/assignments", domain, worker)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("version");
    }

    @Test
    void aJoinIsPushedToTheAffectedWorkersWithoutWaitingForThePeriodicRound() {
        // Given a worker holding all of a queue, followed on its stream
        String d = domain();
        Cluster.putQueue(d, "q", 4);
        SimulatedWorker a = worker(d, "q");
        awaitBalanced(d, "q", 4, List.of(a.id()));
        List<Long> arrivals = new ArrayList<>();
        try (SseStream stream = SseStream.open(
                base.resolve("/api/v1/domains/" + d + "/workers/" + a.id() + "/assignments"),
                null,
                e -> arrivals.add(e.arrivedNanos()))) {
            await().atMost(PATIENCE).until(() -> arrivals.size() == 1);

            // When a second worker joins (the periodic round is an hour away in this profile)
            String joinerId = UUID.randomUUID().toString();
            given().contentType("application/json")
                    .body(Map.of("queues", List.of("q")))
                    .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, joinerId)
                    .then()
                    .statusCode(200);
            long answered = System.nanoTime();

            // Then the revoke reaches the existing worker's stream
            await().atMost(PATIENCE).until(() -> arrivals.size() >= 2);
            System.out.printf(
                    "[reactivity] join answered -> revoke event at subscriber: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - answered));
        }
    }

    @Test
    void aDeposedCoordinatorsWritesChangeNothing() {
        // Given a queue served by one worker under the current term
        String d = domain();
        Cluster.putQueue(d, "q", 4);
        SimulatedWorker a = worker(d, "q");
        awaitBalanced(d, "q", 4, List.of(a.id()));
        long term = Cluster.currentTerm();
        List<HoldingLog.Interval> grants = new ArrayList<>(Cluster.grants(d, "q", System.nanoTime()));

        // When another coordinator's election moves the term on behind this one's back
        DatabaseResource.current()
                .execute("UPDATE `" + DatabaseResource.current().name() + "`.coordinator_term SET term = term + 1");
        Cluster.putQueue(d, "q", 8);

        // Then the instance steps down at its next round, is elected again under a newer term, and
        // every partition row written since carries that newer term
        await().atMost(PATIENCE).until(() -> Cluster.currentTerm() > term + 1);
        awaitBalanced(d, "q", 8, List.of(a.id()));
        Map<Integer, Long> terms = DatabaseResource.current().partitionTerms(d, "q");
        assertThat(terms).hasSize(8);
        for (int p = 4; p < 8; p++) {
            assertThat(terms.get(p)).isGreaterThan(term + 1);
        }
        assertThat(terms.values()).doesNotContain(term + 1);
        // Epochs go on rising under the new term
        observe(d, "q", grants);
        assertThat(Invariants.epochs(grants)).isEmpty();
        fleet.log().assertSafe();
    }
}
