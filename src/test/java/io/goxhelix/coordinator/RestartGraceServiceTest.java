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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code DELETE .../workers/{id}?restart=true}: the worker's partitions wait for it, unowned. */
@QuarkusTest
@TestProfile(RestartGraceServiceTest.Profile.class)
class RestartGraceServiceTest {

    /** Short leases and a grace long enough to return in, short enough to see it end. */
    public static class Profile extends ShortLeaseProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("gox.coordinator.restart-grace", "4s");
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

    private SimulatedWorker worker(String domain, String id) {
        return fleet.start(base, domain, id, List.of("q"), Duration.ofMillis(500));
    }

    /** partition -> [state, workerId, epoch] from the queue view. */
    private static Map<Integer, List<Object>> view(String domain) {
        JsonPath view = given().get("/api/v1/domains/{d}/queues/q", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<Integer, List<Object>> slots = new HashMap<>();
        for (Map<String, Object> s : view.<Map<String, Object>>getList("assignments")) {
            slots.put(
                    (Integer) s.get("partition"),
                    List.of(s.get("state"), String.valueOf(s.get("workerId")), ((Number) s.get("epoch")).longValue()));
        }
        return slots;
    }

    private static void leaveToRestart(String domain, SimulatedWorker w) {
        w.crash(); // stops work on everything first, as the client's close does
        given().delete("/api/v1/domains/{d}/workers/{w}?restart=true", domain, w.id())
                .then()
                .statusCode(204);
    }

    @Test
    void aWorkerRestartingUnderItsIdGetsItsPartitionsBackAndNoOtherPartitionMoves() {
        // Given two workers sharing six partitions
        String d = "d-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", 6);
        SimulatedWorker a = worker(d, UUID.randomUUID().toString());
        SimulatedWorker b = worker(d, UUID.randomUUID().toString());
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), 6, List.of(a.id(), b.id())));
        Map<Integer, List<Object>> before = view(d);

        // When A leaves to restart
        leaveToRestart(d, a);

        // Then A's partitions are HELD for it and B's are untouched
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Integer, List<Object>> now = view(d);
            before.forEach((p, slot) -> {
                if (slot.get(1).equals(a.id())) {
                    assertThat(now.get(p)).isEqualTo(List.of("HELD", a.id(), slot.get(2)));
                } else {
                    assertThat(now.get(p)).isEqualTo(slot);
                }
            });
        });

        // When A comes back under the same id within the grace
        SimulatedWorker again = worker(d, a.id());

        // Then it holds exactly its partitions again, each with the next epoch, and B never lost one
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Integer, List<Object>> now = view(d);
            before.forEach((p, slot) -> {
                long epoch = (Long) slot.get(2) + (slot.get(1).equals(a.id()) ? 1 : 0);
                assertThat(now.get(p)).isEqualTo(List.of("ASSIGNED", slot.get(1), epoch));
            });
            assertThat(again.held()).hasSize(3);
        });
        assertThat(fleet.log().holding(b.id())).hasSize(3);
        fleet.log().assertSafe();
    }

    @Test
    void onceTheGraceEndsTheHeldPartitionsGoToTheOthers() {
        String d = "d-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", 6);
        SimulatedWorker a = worker(d, UUID.randomUUID().toString());
        SimulatedWorker b = worker(d, UUID.randomUUID().toString());
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), 6, List.of(a.id(), b.id())));

        // When A leaves to restart and does not come back
        leaveToRestart(d, a);

        // Then after the grace (4 s) B holds all six, without waiting for the periodic round (1 h)
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), 6, List.of(b.id())));
        assertThat(view(d).values()).allSatisfy(slot -> assertThat(slot.get(0)).isEqualTo("ASSIGNED"));
        fleet.log().assertSafe();
    }

    @Test
    void anInvalidRestartFlagIsRefusedAndTheWorkerStays() {
        String d = "d-" + UUID.randomUUID().toString().substring(0, 8);
        String id = UUID.randomUUID().toString();
        given().contentType("application/json")
                .body(Map.of("queues", List.of("q")))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, id)
                .then()
                .statusCode(200);

        given().delete("/api/v1/domains/{d}/workers/{w}?restart=maybe", d, id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("restart"));

        List<String> live = given().get("/api/v1/domains/{d}/workers", d)
                .then()
                .extract()
                .jsonPath()
                .getList("workerId");
        assertThat(live).containsExactly(id);
    }
}
