package io.goxhelix.api;

import static io.goxhelix.api.Api.mediaType;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClusterApiTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void theClusterViewNamesThisInstanceAndTheCoordinator() {
        // Given a single instance, when the cluster is read, then it eventually names this instance as
        // coordinator (the coordinator is null until the first election)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response r = given().get("/api/v1/cluster");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(mediaType(r)).isEqualTo("application/json");
            assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("instanceId", "version", "coordinator");
            String instance = r.jsonPath().getString("instanceId");
            assertThat(instance).matches(UUID);
            assertThat(r.jsonPath().getString("version")).isNotBlank();
            assertThat(r.jsonPath().getMap("coordinator")).containsOnlyKeys("instanceId", "term", "since");
            assertThat(r.jsonPath().getString("coordinator.instanceId")).isEqualTo(instance);
            assertThat(r.jsonPath().getLong("coordinator.term")).isPositive();
            assertThat(Instant.parse(r.jsonPath().getString("coordinator.since")))
                    .isBefore(Instant.now().plusSeconds(60));
        });
    }
}
