package io.goxhelix.api;

import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.newDomain;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A domain's balancing mode, and the loads heartbeats report. */
@QuarkusTest
class BalancingApiTest {

    private static Response put(String domain, String body) {
        return given().contentType("application/json").body(body).put("/api/v1/domains/{d}/balancing", domain);
    }

    private static JsonPath mode(String domain) {
        return given().get("/api/v1/domains/{d}/balancing", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aDomainIsBalancedByCountUntilAnOperatorAsksForLoadAndBackAgain() {
        // Given a domain nobody configured
        String d = newDomain();
        assertThat(mode(d).getString("mode")).isEqualTo("count");
        assertThat(mode(d).getString("tolerance")).isNull();

        // When an operator asks for load mode with a tolerance of 15 %
        var r = put(d, "{\"mode\": \"load\", \"tolerance\": 0.15}");

        // Then it is stored and shown, with when
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("mode")).isEqualTo("load");
        assertThat(mode(d).getDouble("tolerance")).isEqualTo(0.15);
        assertThat(mode(d).getString("since")).isNotBlank();

        // When load mode is asked without a tolerance, the default is 10 %
        assertThat(put(d, "{\"mode\": \"load\"}").jsonPath().getDouble("tolerance"))
                .isEqualTo(0.10);

        // When the setting is deleted, the domain is balanced by count again
        given().delete("/api/v1/domains/{d}/balancing", d).then().statusCode(200);
        assertThat(mode(d).getString("mode")).isEqualTo("count");

        // And a PUT of count mode says the same
        put(d, "{\"mode\": \"load\"}");
        assertThat(put(d, "{\"mode\": \"count\"}").jsonPath().getString("mode")).isEqualTo("count");
        assertThat(mode(d).getString("mode")).isEqualTo("count");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"mode\": \"weight\"}",
                "{\"mode\": \"LOAD\"}",
                "{\"mode\": \"load\", \"tolerance\": -0.1}",
                "{\"mode\": \"load\", \"tolerance\": 1.5}",
                "{\"mode\": \"load\", \"tolerance\": \"0.1\"}",
                "{\"mode\": \"count\", \"tolerance\": 0.1}",
                "{\"mode\": 1}",
                "[]",
            })
    void aBadSettingIsA400AndChangesNothing(String body) {
        // Given a domain in load mode with 20 %
        String d = newDomain();
        assertThat(put(d, "{\"mode\": \"load\", \"tolerance\": 0.2}").statusCode())
                .isEqualTo(200);

        // When a bad setting is put
        var r = put(d, body);

        // Then the answer is a 400 problem and the setting is as it was
        assertProblem(r, 400);
        assertThat(mode(d).getString("mode")).isEqualTo("load");
        assertThat(mode(d).getDouble("tolerance")).isEqualTo(0.2);
    }

    @Test
    void aHeartbeatsLoadsAreShownAsTheWorkersTotal() {
        // Given a domain
        String d = newDomain();
        String worker = UUID.randomUUID().toString();

        // When a worker reports loads for two partitions, then heartbeats without loads
        var r = Api.heartbeat(d, worker, "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"0\": 2.5, \"3\": 4}}}");
        Api.heartbeat(d, worker, "{\"queues\": [\"q\"]}");

        // Then the live list shows the total of its last report, which a heartbeat without loads keeps
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Api.liveWorker(d, worker))
                .hasValueSatisfying(
                        w -> assertThat(((Number) w.get("load")).doubleValue()).isEqualTo(6.5));

        // And an empty report clears it
        Api.heartbeat(d, worker, "{\"queues\": [\"q\"], \"loads\": {}}");
        assertThat(Api.liveWorker(d, worker))
                .hasValueSatisfying(
                        w -> assertThat(((Number) w.get("load")).doubleValue()).isZero());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"queues\": [\"q\"], \"loads\": {\"other\": {\"0\": 1}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"-1\": 1}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"one\": 1}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"0\": -1}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"0\": null}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"0\": \"1\"}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": {\"0\": 1e16}}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": [1, 2]}}",
                "{\"queues\": [\"q\"], \"loads\": {\"q\": null}}",
                "{\"queues\": [\"q\"], \"loads\": [1]}",
            })
    void badLoadsInAHeartbeatAreA400AndRegisterNothing(String body) {
        // Given a domain
        String d = newDomain();
        String worker = UUID.randomUUID().toString();

        // When a worker heartbeats with bad loads
        var r = Api.heartbeat(d, worker, body);

        // Then the answer is a 400 problem and the worker is not registered
        assertProblem(r, 400);
        assertThat(Api.liveWorker(d, worker)).isEmpty();
    }
}
