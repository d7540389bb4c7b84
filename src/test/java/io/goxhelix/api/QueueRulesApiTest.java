package io.goxhelix.api;

import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.putQueue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class QueueRulesApiTest {

    private static final String WORKER = UUID.randomUUID().toString();

    private static JsonPath view(String domain, String queue) {
        return given().get("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aQueuesRulesAreStoredAndShownAndAPutWithoutThemRemovesThem() {
        // Given a domain
        String d = newDomain();

        // When a queue is put with a priority, required labels, a spread label and a pin
        var r = putQueue(
                d,
                "q",
                "{\"partitions\": 4, \"priority\": 7, \"requiredLabels\": {\"disk\": \"ssd\"},"
                        + " \"spreadBy\": \"topology.kubernetes.io/zone\", \"pins\": {\"2\": \"" + WORKER.toUpperCase()
                        + "\"}}");

        // Then the view shows them, the pinned worker id in lower case
        assertThat(r.statusCode()).isEqualTo(201);
        JsonPath v = view(d, "q");
        assertThat(v.getInt("priority")).isEqualTo(7);
        assertThat(v.getMap("requiredLabels")).isEqualTo(Map.of("disk", "ssd"));
        assertThat(v.getString("spreadBy")).isEqualTo("topology.kubernetes.io/zone");
        assertThat(v.getMap("pins")).isEqualTo(Map.of("2", WORKER));
        assertThat(given().get("/api/v1/domains/{d}/queues", d).jsonPath().getInt("[0].priority"))
                .isEqualTo(7);

        // When it is put again with the partitions alone
        assertThat(putQueue(d, "q", "{\"partitions\": 4}").statusCode()).isEqualTo(200);

        // Then its rules are the defaults again
        v = view(d, "q");
        assertThat(v.getInt("priority")).isZero();
        assertThat(v.getMap("requiredLabels")).isEmpty();
        assertThat(v.getString("spreadBy")).isEmpty();
        assertThat(v.getMap("pins")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"partitions\": 4, \"priority\": 1001}",
                "{\"partitions\": 4, \"priority\": \"1\"}",
                "{\"partitions\": 4, \"priority\": 1.5}",
                "{\"partitions\": 4, \"requiredLabels\": {\"bad key\": \"x\"}}",
                "{\"partitions\": 4, \"requiredLabels\": {\"k\": \"\"}}",
                "{\"partitions\": 4, \"requiredLabels\": {\"k\": 3}}",
                "{\"partitions\": 4, \"requiredLabels\": [\"k\"]}",
                "{\"partitions\": 4, \"spreadBy\": \"\"}",
                "{\"partitions\": 4, \"spreadBy\": \"a b\"}",
                "{\"partitions\": 4, \"pins\": {\"4\": \"00000000-0000-0000-0000-000000000001\"}}",
                "{\"partitions\": 4, \"pins\": {\"-1\": \"00000000-0000-0000-0000-000000000001\"}}",
                "{\"partitions\": 4, \"pins\": {\"one\": \"00000000-0000-0000-0000-000000000001\"}}",
                "{\"partitions\": 4, \"pins\": {\"1\": \"not-a-uuid\"}}",
            })
    void badRulesAreA400AndChangeNothing(String body) {
        // Given a queue with a priority
        String d = newDomain();
        assertThat(putQueue(d, "q", "{\"partitions\": 3, \"priority\": 2}").statusCode())
                .isEqualTo(201);

        // When it is put with a bad rule
        var r = putQueue(d, "q", body);

        // Then the answer is a 400 problem and the queue is as it was
        assertProblem(r, 400);
        JsonPath v = view(d, "q");
        assertThat(v.getInt("partitions")).isEqualTo(3);
        assertThat(v.getInt("priority")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"queues\": [\"q\"], \"weight\": 0}",
                "{\"queues\": [\"q\"], \"weight\": 1001}",
                "{\"queues\": [\"q\"], \"weight\": \"2\"}",
                "{\"queues\": [\"q\"], \"maxPartitions\": -1}",
                "{\"queues\": [\"q\"], \"maxPartitions\": 1.5}",
                "{\"queues\": [\"q\"], \"labels\": {\"zone\": \"a b\"}}",
                "{\"queues\": [\"q\"], \"labels\": {\"zone\": 1}}",
            })
    void badCapacityInAHeartbeatIsA400AndRegistersNothing(String body) {
        // Given a domain
        String d = newDomain();
        String worker = UUID.randomUUID().toString();

        // When a worker heartbeats with a bad capacity field
        var r = Api.heartbeat(d, worker, body);

        // Then the answer is a 400 problem and the worker is not registered
        assertProblem(r, 400);
        assertThat(Api.liveWorker(d, worker)).isEmpty();
    }
}
