package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.goxhelix.testing.DatabaseResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsEndpointsTest {

    /** Health and metrics are on the management interface, a port of their own. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private io.restassured.specification.RequestSpecification onManagement() {
        return given().baseUri("http://" + management.getHost()).port(management.getPort());
    }

    @Test
    void livenessAndReadinessAreUpWithTheDatabase() {
        onManagement().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        onManagement().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().accept("text/plain").get("/q/metrics").then().statusCode(404);
    }

    @Test
    void metricsArePrometheusTextWhenAskedForIt() {
        String body = onManagement()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();
        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void readinessFollowsTheDatabaseDownAndBackUp() {
        var db = DatabaseResource.current();
        assumeTrue(db.isEmbedded(), "only the embedded test database can be stopped by the test");

        // Given a ready service with a queue and a registered worker (acknowledged writes)
        String domain = "restart-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String worker = java.util.UUID.randomUUID().toString();
        given().contentType("application/json")
                .body(java.util.Map.of("partitions", 3))
                .put("/api/v1/domains/{d}/queues/q", domain)
                .then()
                .statusCode(201);
        long version = given().contentType("application/json")
                .body(java.util.Map.of("queues", java.util.List.of("q")))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("assignmentVersion");

        // When its database stops, then readiness reports 503.
        db.stopServer();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> onManagement()
                            .get("/q/health/ready")
                            .then()
                            .statusCode(503)
                            .body("status", equalTo("DOWN")));
        } finally {
            db.startServer();
        }
        // And when the database is back, readiness recovers without a restart of the service.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> onManagement().get("/q/health/ready").then().statusCode(200));

        // And everything acknowledged before the restart is still there
        given().get("/api/v1/domains/{d}/queues/q", domain)
                .then()
                .statusCode(200)
                .body("partitions", equalTo(3));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(given().get("/api/v1/domains/{d}/workers/{w}/assignments", domain, worker)
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getLong("version"))
                                .isGreaterThanOrEqualTo(version));
        // And a coordinator is elected again on the restarted database
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/v1/cluster").then().body("coordinator.term", notNullValue()));
    }
}
