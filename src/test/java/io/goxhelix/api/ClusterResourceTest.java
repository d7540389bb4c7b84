package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClusterResourceTest {

    @Test
    void describesThisInstance() {
        given().when()
                .get("/api/v1/cluster")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("instanceId", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("version", equalTo("0.1.0-SNAPSHOT"));
    }
}
