package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.ManagementPort;
import io.goxhelix.testing.ReactiveProfile;
import io.goxhelix.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The metrics operators scrape, after real activity. */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class MetricsTest {

    @TestHTTPResource("/")
    URI base;

    /** Health and metrics are on the management interface, a port of their own. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private String metrics() {
        return ManagementPort.metrics(management);
    }

    private static void heartbeat(String domain, String worker) {
        given().contentType("application/json")
                .body(Map.of("queues", List.of("q")))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .statusCode(200);
    }

    @Test
    void coordinationIsVisibleInPrometheusMetrics() {
        // Given a domain with a queue, a worker that heartbeats, and its open stream
        String d = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        String w = UUID.randomUUID().toString();
        Cluster.putQueue(d, "q", 4);
        try (SseStream stream =
                SseStream.open(base.resolve("/api/v1/domains/" + d + "/workers/" + w + "/assignments"))) {
            given().contentType("application/json")
                    .body(Map.of("queues", List.of("q")))
                    .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, w)
                    .then()
                    .statusCode(200);
            given().contentType("application/json")
                    .body(Map.of("queues", List.of("q"), "ackedVersion", 99))
                    .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, w)
                    .then()
                    .statusCode(409);

            // Then the domain's gauges, the counters and the coordinator's state are exported
            // (the worker keeps heartbeating while we look: leases are short in this profile)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                heartbeat(d, w);
                assertThat(metrics())
                        .containsPattern("gox_workers_live\\{domain=\"" + d + "\",?} 1\\.0")
                        .containsPattern(
                                "gox_partitions\\{domain=\"" + d + "\",queue=\"q\",state=\"ASSIGNED\",?} 4\\.0")
                        .containsPattern(
                                "gox_partitions\\{domain=\"" + d + "\",queue=\"q\",state=\"UNASSIGNED\",?} 0\\.0");
            });
            String text = metrics();
            assertThat(text)
                    .contains("gox_coordinator_active 1.0")
                    .containsPattern("gox_coordinator_term [1-9]")
                    .containsPattern("gox_heartbeats_total\\{outcome=\"ok\",?} [1-9]")
                    .containsPattern("gox_heartbeats_total\\{outcome=\"conflict\",?} [1-9]")
                    .contains("gox_rebalance_duration_seconds_bucket")
                    .containsPattern("gox_round_phase_duration_seconds_count\\{phase=\"load\",?} [1-9]")
                    .containsPattern("gox_round_phase_duration_seconds_count\\{phase=\"decide\",?} [1-9]")
                    .containsPattern("gox_round_phase_duration_seconds_count\\{phase=\"write\",?} [1-9]")
                    .containsPattern("gox_round_phase_duration_seconds_count\\{phase=\"commit\",?} [1-9]")
                    .containsPattern("gox_round_phase_duration_seconds_count\\{phase=\"push\",?} [1-9]")
                    .containsPattern("gox_partition_grants_total [1-9]")
                    .contains("gox_partition_moves_total")
                    .contains("gox_lease_expirations_total")
                    .containsPattern("gox_sse_subscribers [1-9]");
        }
    }
}
