package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.SimulatedFleet;
import io.goxhelix.testing.SimulatedWorker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Priority, weights and zone spread end to end: workers announce their capacity in their heartbeats,
 * queues carry their rules, and the coordinator's rounds place the partitions accordingly.
 */
@QuarkusTest
@TestProfile(PlacementServiceTest.Profile.class)
class PlacementServiceTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URI management;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gox.lease-timeout", "3s",
                    "gox.heartbeat-interval", "500ms",
                    "gox.coordinator.rebalance-interval", "1s");
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

    private SimulatedWorker worker(String domain, List<String> queues, Map<String, Object> announced) {
        return fleet.start(new SimulatedWorker(
                        base, domain, UUID.randomUUID().toString(), queues, fleet.log(), Duration.ofMillis(500))
                .announcing(announced));
    }

    private static void putQueue(String domain, String queue, String body) {
        given().contentType("application/json")
                .body(body)
                .put("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(201);
    }

    private static Map<String, Long> counts(Map<Integer, String> owners) {
        return owners.values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long sum(Collection<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void underACapacityShortfallTheHigherPriorityQueueIsServedAndTheRestIsReported() {
        // Given two queues of 6 partitions, one of priority 5, and two workers that may hold 4 each
        String d = "placement-" + UUID.randomUUID().toString().substring(0, 8);
        putQueue(d, "high", "{\"partitions\": 6, \"priority\": 5}");
        putQueue(d, "low", "{\"partitions\": 6}");
        var capacity = Map.<String, Object>of("maxPartitions", 4);

        // When both workers serve both queues
        worker(d, List.of("high", "low"), capacity);
        worker(d, List.of("high", "low"), capacity);

        // Then the high queue is fully assigned, the low one gets the 2 places left, 4 stay unassigned
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(Cluster.assigned(d, "high")).hasSize(6);
            assertThat(Cluster.assigned(d, "low")).hasSize(2);
        });
        fleet.running()
                .forEach(w -> assertThat(counts(Cluster.assigned(d, "high")).getOrDefault(w.id(), 0L)
                                + counts(Cluster.assigned(d, "low")).getOrDefault(w.id(), 0L))
                        .isLessThanOrEqualTo(4));
        // And the metrics say why
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(io.goxhelix.testing.ManagementPort.metrics(management))
                        .containsPattern("gox_partitions_unplaceable\\{domain=\"" + d
                                + "\",queue=\"low\",reason=\"CAPACITY\",?} 4\\.0"));
    }

    @Test
    void aWorkerOfWeightTwoHoldsTwiceTheShareOfOneOfWeightOne() {
        // Given a queue of 30 partitions
        String d = "placement-" + UUID.randomUUID().toString().substring(0, 8);
        putQueue(d, "q", "{\"partitions\": 30}");

        // When a worker of weight 2 and one of weight 1 serve it
        var heavy = worker(d, List.of("q"), Map.of("weight", 2));
        var light = worker(d, List.of("q"), Map.of());

        // Then the heavy one holds 20 and the light one 10
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(counts(Cluster.assigned(d, "q")))
                        .isEqualTo(Map.of(heavy.id(), 20L, light.id(), 10L)));
    }

    @Test
    void aSpreadQueueIsSplitEvenlyOverZonesAndRequiredLabelsAreMet() {
        // Given a queue of 12 partitions spread over zones, requiring SSD disks
        String d = "placement-" + UUID.randomUUID().toString().substring(0, 8);
        putQueue(d, "q", "{\"partitions\": 12, \"spreadBy\": \"zone\", \"requiredLabels\": {\"disk\": \"ssd\"}}");

        // When two SSD workers run in zone a, one in zone b, and an HDD worker in zone b
        var a1 = worker(d, List.of("q"), Map.of("labels", Map.of("zone", "a", "disk", "ssd")));
        var a2 = worker(d, List.of("q"), Map.of("labels", Map.of("zone", "a", "disk", "ssd")));
        var b1 = worker(d, List.of("q"), Map.of("labels", Map.of("zone", "b", "disk", "ssd")));
        var hdd = worker(d, List.of("q"), Map.of("labels", Map.of("zone", "b", "disk", "hdd")));

        // Then zone a holds 6 and zone b (its SSD worker alone) 6; the HDD worker nothing
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Long> counts = counts(Cluster.assigned(d, "q"));
            assertThat(sum(counts.values())).isEqualTo(12);
            assertThat(counts.getOrDefault(a1.id(), 0L) + counts.getOrDefault(a2.id(), 0L))
                    .isEqualTo(6);
            assertThat(counts.get(b1.id())).isEqualTo(6);
            assertThat(counts).doesNotContainKey(hdd.id());
        });
        // And the live list shows what each announced
        var listed = given().get("/api/v1/domains/{d}/workers", d).jsonPath().<Map<String, Object>>getList("$");
        assertThat(listed)
                .filteredOn(w -> w.get("workerId").equals(hdd.id()))
                .singleElement()
                .satisfies(w -> assertThat(w.get("labels")).isEqualTo(Map.of("zone", "b", "disk", "hdd")));
    }
}
