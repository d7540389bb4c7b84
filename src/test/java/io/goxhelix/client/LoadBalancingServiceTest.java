package io.goxhelix.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Load mode end to end, with the real client: workers report the load of what they hold through a
 * {@link LoadReporter}; a domain balanced by count ignores it, one switched to load mode moves as
 * few partitions as it takes to bring every worker within the tolerance of its share, then stays.
 */
@QuarkusTest
@TestProfile(LoadBalancingServiceTest.Profile.class)
class LoadBalancingServiceTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gox.lease-timeout", "3s",
                    "gox.heartbeat-interval", "300ms",
                    "gox.coordinator.rebalance-interval", "500ms");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int PARTITIONS = 12;
    private static final double TOLERANCE = 0.10;

    @TestHTTPResource("/")
    URI base;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    /** What the workers report: 1 unless the test made a partition heavier. */
    private final Map<PartitionRef, Double> loads = new ConcurrentHashMap<>();

    private final List<GoxWorker> running = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        running.forEach(GoxWorker::close);
    }

    private GoxWorker start(String domain) {
        WorkerOptions options = WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues("q")
                .drainTimeout(Duration.ZERO)
                .loadReporter(p -> loads.getOrDefault(p, 1.0))
                .build();
        GoxWorker worker = GoxWorker.create(options, new PartitionListener() {
            @Override
            public void onAssigned(Set<AssignedPartition> partitions) {}

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {}
        });
        running.add(worker);
        return worker.start();
    }

    private Map<String, Double> loadPerWorker(String domain) {
        Map<String, Double> perWorker = new HashMap<>();
        running.forEach(w -> perWorker.put(w.workerId(), 0.0));
        Cluster.assigned(domain, "q")
                .forEach((p, owner) ->
                        perWorker.merge(owner, loads.getOrDefault(new PartitionRef("q", p), 1.0), Double::sum));
        return perWorker;
    }

    private static Map<String, Double> reportedPerWorker(String domain) {
        Map<String, Double> reported = new HashMap<>();
        List<Map<String, Object>> listed = given().get("/api/v1/domains/{d}/workers", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        listed.stream()
                .filter(w -> w.get("load") != null)
                .forEach(w -> reported.put((String) w.get("workerId"), ((Number) w.get("load")).doubleValue()));
        return reported;
    }

    private static int moves(String domain) {
        return given().get("/api/v1/domains/{d}/ledger?limit=1000", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    @Test
    void loadModeBringsAnOverloadedWorkerWithinTheBandAndThenStays() {
        // Given three workers sharing 12 partitions by count, 4 each
        String d = "load-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", PARTITIONS);
        for (int i = 0; i < 3; i++) {
            start(d);
        }
        List<String> ids = running.stream().map(GoxWorker::workerId).toList();
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), PARTITIONS, ids));

        // When the first worker's partitions turn five times as heavy (20 against 4 and 4)
        String hot = ids.get(0);
        Cluster.assigned(d, "q").forEach((p, owner) -> {
            if (owner.equals(hot)) {
                loads.put(new PartitionRef("q", p), 5.0);
            }
        });
        await().atMost(PATIENCE).until(() -> reportedPerWorker(d).getOrDefault(hot, 0.0) == 20.0);

        // Then a domain balanced by count moves nothing for it
        int before = moves(d);
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> moves(d) == before);
        assertThat(loadPerWorker(d).get(hot)).isEqualTo(20.0);

        // When an operator switches the domain to load mode
        given().contentType("application/json")
                .body(Map.of("mode", "load", "tolerance", TOLERANCE))
                .put("/api/v1/domains/{d}/balancing", d)
                .then()
                .statusCode(200);

        // Then every worker's load comes within 10 % of its share (28 / 3), by two moves off the hot one
        double share = 28.0 / 3;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(Cluster.assigned(d, "q")).hasSize(PARTITIONS);
            assertThat(loadPerWorker(d).values())
                    .allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(share * (1 + TOLERANCE)));
        });
        int moved = moves(d) - before;
        assertThat(moved).isEqualTo(2);
        assertThat(Cluster.assigned(d, "q").values().stream()
                        .filter(hot::equals)
                        .count())
                .isEqualTo(2);

        // And it stays there: further rounds, periodic every 500 ms, move nothing
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> moves(d) - before == moved);
        // And the metric shows the most loaded worker at 107 % of its share (10 of 9.33)
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(io.goxhelix.testing.ManagementPort.metrics(management))
                        .containsPattern("gox_load_peak_percent\\{domain=\"" + d + "\",?} 107\\.0"));
    }
}
