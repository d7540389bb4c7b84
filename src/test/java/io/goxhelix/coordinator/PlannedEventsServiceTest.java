package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.ShortLeaseProfile;
import io.goxhelix.testing.SimulatedFleet;
import io.goxhelix.testing.SimulatedWorker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drain, cordon, stoppable and freeze through the API, with workers that follow the protocol. */
@QuarkusTest
@TestProfile(PlannedEventsServiceTest.Profile.class)
class PlannedEventsServiceTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URI management;

    /** No periodic round: whatever happens is the work of the signals. */
    public static class Profile extends ShortLeaseProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("gox.coordinator.max-freeze", "30m");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    private final SimulatedFleet fleet = new SimulatedFleet();

    @AfterEach
    void stopWorkers() {
        fleet.close();
    }

    private SimulatedWorker worker(String domain) {
        return fleet.start(base, domain, List.of("q"), Duration.ofMillis(300));
    }

    private static String domain(int partitions) {
        String d = "d-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", partitions);
        return d;
    }

    private static JsonPath standing(String d, SimulatedWorker w) {
        return given().get("/api/v1/domains/{d}/workers/{w}/drain", d, w.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath stoppable(String d, SimulatedWorker w) {
        return stoppable(d, w.id());
    }

    private static JsonPath stoppable(String d, String id) {
        return given().get("/api/v1/domains/{d}/workers/{w}/stoppable", d, id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Map<Integer, String> owners(String d) {
        return Cluster.assigned(d, "q");
    }

    @Test
    void aDrainingWorkerHandsItsPartitionsOffAndEndsDrainedStillLive() {
        String d = domain(6);
        SimulatedWorker a = worker(d);
        SimulatedWorker b = worker(d);
        await().atMost(PATIENCE).until(() -> Cluster.balanced(owners(d), 6, List.of(a.id(), b.id())));

        // When A asks to drain
        given().post("/api/v1/domains/{d}/workers/{w}/drain", d, a.id())
                .then()
                .statusCode(202)
                .body("workerId", Matchers.equalTo(a.id()))
                .body("state", Matchers.oneOf("DRAIN_QUEUED", "DRAINING", "DRAINED"));

        // Then B holds all six, A is DRAINED with nothing, yet still listed as a live worker
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(standing(d, a).getString("state")).isEqualTo("DRAINED");
            assertThat(owners(d).values()).containsOnly(b.id()).hasSize(6);
        });
        assertThat(standing(d, a).getInt("partitions")).isZero();
        List<Map<String, Object>> live = given().get("/api/v1/domains/{d}/workers", d)
                .then()
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(live)
                .anySatisfy(w -> assertThat(w).containsEntry("workerId", a.id()).containsEntry("state", "DRAINED"));
        assertThat(stoppable(d, a).getBoolean("stoppable")).isTrue();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(io.goxhelix.testing.ManagementPort.metrics(management))
                        .containsPattern("gox_workers_state\\{domain=\"" + d + "\",state=\"DRAINED\",?} 1\\.0")
                        .containsPattern("gox_workers_state\\{domain=\"" + d + "\",state=\"ACTIVE\",?} 1\\.0"));
        fleet.log().assertSafe();

        // When the drain is cancelled, A takes part in the balance again
        given().delete("/api/v1/domains/{d}/workers/{w}/drain", d, a.id())
                .then()
                .statusCode(200)
                .body("state", Matchers.equalTo("ACTIVE"));
        await().atMost(PATIENCE).until(() -> Cluster.balanced(owners(d), 6, List.of(a.id(), b.id())));
        fleet.log().assertSafe();
    }

    /** One heartbeat of a worker driven by hand; its assignment version. */
    private static long beat(String d, String id, long acked) {
        return given().contentType("application/json")
                .body(Map.of("queues", List.of("q"), "ackedVersion", acked))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("assignmentVersion");
    }

    private static Map<String, String> states(String d) {
        // One read for all (the worker list), so that the states are of one moment.
        List<Map<String, Object>> listed = given().get("/api/v1/domains/{d}/workers", d)
                .then()
                .extract()
                .jsonPath()
                .getList("$");
        return listed.stream().collect(Collectors.toMap(w -> (String) w.get("workerId"), w -> (String) w.get("state")));
    }

    @Test
    void stoppingSeveralAtOnceDrainsOneAtATimeAndStoppableSaysWhoMayNotStop() {
        // Given three workers and one driven by hand (M, which acknowledges only when told) sharing 8
        String d = domain(8);
        String m = UUID.randomUUID().toString();
        beat(d, m, 0);
        List<SimulatedWorker> three = List.of(worker(d), worker(d), worker(d));
        List<String> ids =
                new ArrayList<>(three.stream().map(SimulatedWorker::id).toList());
        ids.add(m);
        await().atMost(PATIENCE).until(() -> {
            beat(d, m, 0);
            return Cluster.balanced(owners(d), 8, ids);
        });

        // When M, then two more, ask to drain at once, and M does not acknowledge its handoff yet
        for (String id : List.of(m, three.get(0).id(), three.get(1).id())) {
            given().post("/api/v1/domains/{d}/workers/{w}/drain", d, id).then().statusCode(202);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            beat(d, m, 0);
            assertThat(states(d))
                    .containsEntry(m, "DRAINING")
                    .containsEntry(three.get(0).id(), "DRAIN_QUEUED")
                    .containsEntry(three.get(1).id(), "DRAIN_QUEUED")
                    .containsEntry(three.get(2).id(), "ACTIVE");
        });

        // Then a queued worker may not stop (the budget, 1, is spent), nor may the last receiving one
        JsonPath queued = stoppable(d, three.get(0).id());
        assertThat(queued.getBoolean("stoppable")).isFalse();
        assertThat(queued.getList("reasons", String.class))
                .singleElement()
                .asString()
                .startsWith("drain budget spent: 1 of 1");
        JsonPath last = stoppable(d, three.get(2).id());
        assertThat(last.getBoolean("stoppable")).isFalse();
        assertThat(last.getList("reasons", String.class))
                .anySatisfy(r -> assertThat(r).contains("queue q would be left without a worker"));
        assertThat(stoppable(d, m).getBoolean("stoppable")).isTrue();

        // When M acknowledges, the drains follow one another, never two at once
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            beat(d, m, beat(d, m, 0));
            Map<String, String> states = states(d);
            assertThat(states.values().stream().filter("DRAINING"::equals)).hasSizeLessThanOrEqualTo(1);
            return states.values().stream().filter("DRAINED"::equals).count() == 3;
        });

        // And in the end the fourth holds everything and the drained three may stop
        assertThat(owners(d).values()).containsOnly(three.get(2).id()).hasSize(8);
        for (String id : List.of(m, three.get(0).id(), three.get(1).id())) {
            assertThat(stoppable(d, id).getBoolean("stoppable")).isTrue();
        }
        fleet.log().assertSafe();
    }

    @Test
    void aCordonedWorkerKeepsItsPartitionsAndGetsNoneOfADepartedWorkers() {
        String d = domain(6);
        SimulatedWorker a = worker(d);
        SimulatedWorker b = worker(d);
        SimulatedWorker c = worker(d);
        await().atMost(PATIENCE).until(() -> Cluster.balanced(owners(d), 6, List.of(a.id(), b.id(), c.id())));

        given().put("/api/v1/domains/{d}/workers/{w}/cordon", d, a.id())
                .then()
                .statusCode(200)
                .body("state", Matchers.equalTo("CORDONED"));
        Map<Integer, String> ofA = owners(d).entrySet().stream()
                .filter(e -> e.getValue().equals(a.id()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        // When C crashes
        c.crash();
        fleet.forget(c);

        // Then its partitions all go to B; A keeps exactly its own
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Integer, String> now = owners(d);
            assertThat(now).hasSize(6);
            assertThat(now.values()).containsOnly(a.id(), b.id());
            assertThat(now.values().stream().filter(a.id()::equals)).hasSize(ofA.size());
        });
        ofA.forEach((p, owner) -> assertThat(owners(d).get(p)).isEqualTo(owner));

        given().delete("/api/v1/domains/{d}/workers/{w}/cordon", d, a.id())
                .then()
                .statusCode(200)
                .body("state", Matchers.equalTo("ACTIVE"));
        await().atMost(PATIENCE).until(() -> Cluster.balanced(owners(d), 6, List.of(a.id(), b.id())));
        fleet.log().assertSafe();
    }

    @Test
    void aFrozenDomainMovesOnlyTheDepartedWorkersPartitions() throws Exception {
        String d = domain(6);
        SimulatedWorker a = worker(d);
        SimulatedWorker b = worker(d);
        await().atMost(PATIENCE).until(() -> Cluster.balanced(owners(d), 6, List.of(a.id(), b.id())));
        Map<Integer, String> before = owners(d);

        given().contentType("application/json")
                .body("{\"for\": \"PT10M\"}")
                .put("/api/v1/domains/{d}/freeze", d)
                .then()
                .statusCode(200)
                .body("frozen", Matchers.equalTo(true))
                .body("until", Matchers.notNullValue());

        // When C joins and then A leaves
        SimulatedWorker c = worker(d);
        await().atMost(PATIENCE)
                .until(() -> given().get("/api/v1/domains/{d}/workers", d)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("workerId")
                        .contains(c.id()));
        a.leave();
        fleet.forget(a);

        // Then C gets exactly A's three, and B's never moved
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Integer, String> now = owners(d);
            assertThat(now).hasSize(6);
            before.forEach((p, owner) -> assertThat(now.get(p)).isEqualTo(owner.equals(a.id()) ? c.id() : owner));
        });
        assertThat(given().get("/api/v1/domains/{d}/freeze", d)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("frozen"))
                .isTrue();

        given().delete("/api/v1/domains/{d}/freeze", d).then().statusCode(204);
        assertThat(given().get("/api/v1/domains/{d}/freeze", d)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("frozen"))
                .isFalse();
        fleet.log().assertSafe();
    }

    @Test
    void badPlannedEventRequestsAreProblemsThatChangeNothing() {
        String d = domain(2);
        SimulatedWorker a = worker(d);
        await().atMost(PATIENCE).until(() -> owners(d).size() == 2);

        for (String body : List.of("{\"for\": \"PT2H\"}", "{\"for\": \"soon\"}", "{\"for\": \"PT0S\"}", "{}")) {
            given().contentType("application/json")
                    .body(body)
                    .put("/api/v1/domains/{d}/freeze", d)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(given().get("/api/v1/domains/{d}/freeze", d)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("frozen"))
                .isFalse();

        String nobody = UUID.randomUUID().toString();
        given().post("/api/v1/domains/{d}/workers/{w}/drain", d, nobody)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().put("/api/v1/domains/{d}/workers/{w}/cordon", d, nobody).then().statusCode(404);
        given().get("/api/v1/domains/{d}/workers/{w}/drain", d, nobody).then().statusCode(404);
        given().contentType("application/json")
                .body(Map.of("queues", List.of("q"), "version", "1.0 beta"))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, a.id())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(standing(d, a).getString("state")).isEqualTo("ACTIVE");
    }
}
