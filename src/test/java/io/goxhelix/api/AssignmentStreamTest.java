package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goxhelix.testing.ReactiveProfile;
import io.goxhelix.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The assignment stream as a streaming HTTP client sees it on the wire. */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class AssignmentStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private URI streamOf(String domain, String worker) {
        return base.resolve("/api/v1/domains/" + domain + "/workers/" + worker + "/assignments");
    }

    private static String domain() {
        return "sse-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long heartbeat(String domain, String worker, List<String> queues, long acked) {
        return given().contentType("application/json")
                .body(Map.of("queues", queues, "ackedVersion", acked))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("assignmentVersion");
    }

    @Test
    void aSubscriberBeforeTheFirstHeartbeatGetsVersionZeroThenEveryChange() throws Exception {
        String d = domain();
        String w = UUID.randomUUID().toString();
        try (SseStream stream = SseStream.open(streamOf(d, w))) {
            // The current (empty) snapshot at once, in the documented wire format
            await().atMost(PATIENCE).until(() -> stream.events().size() == 1);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.rawLines())
                    .containsSubsequence(
                            "id: 0",
                            "event: assignment",
                            "data: {\"domain\":\"" + d + "\",\"workerId\":\"" + w
                                    + "\",\"version\":0,\"partitions\":[]}",
                            "");

            // Then the grant, once the worker registers on a defined queue
            given().contentType("application/json")
                    .body(Map.of("partitions", 3))
                    .put("/api/v1/domains/{d}/queues/q", d)
                    .then()
                    .statusCode(201);
            heartbeat(d, w, List.of("q"), 0);
            // (heartbeating while waiting: leases are 2 s in this profile, and a loaded machine is slow)
            await().atMost(PATIENCE).until(() -> {
                heartbeat(d, w, List.of("q"), 0);
                return granted(stream) != null;
            });
            JsonNode granted = granted(stream);
            assertThat(granted.get("partitions").get(0).get("queue").asText()).isEqualTo("q");
            assertThat(granted.get("partitions").get(0).get("epoch").asLong()).isEqualTo(1);
            assertThat(stream.events())
                    .extracting(SseStream.Event::id)
                    .allSatisfy(id -> assertThat(Long.parseLong(id)).isNotNegative());
            List<Long> versions =
                    stream.events().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            assertThat(stream.events()).allSatisfy(e -> assertThat(e.name()).isEqualTo("assignment"));
        }
    }

    @Test
    void everyStreamCarriesExactlyTheSnapshotTheJsonEndpointServes() throws Exception {
        // Given two queues and three subscribed workers that follow the worker rule (ack what they got)
        String d = domain();
        List<String> ids = List.of(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (String q : List.of("b", "a")) {
            given().contentType("application/json")
                    .body(Map.of("partitions", 12))
                    .put("/api/v1/domains/{d}/queues/{q}", d, q)
                    .then()
                    .statusCode(201);
        }
        Map<String, SseStream> streams = new HashMap<>();
        try {
            for (String w : ids) {
                streams.put(w, SseStream.open(streamOf(d, w)));
            }
            // When they join one after the other, and then the first leaves
            Map<String, List<String>> serving = new LinkedHashMap<>();
            for (String w : ids) {
                serving.put(w, List.of("a", "b"));
                settle(d, serving, streams);
            }
            given().delete("/api/v1/domains/{d}/workers/{w}", d, ids.get(0))
                    .then()
                    .statusCode(204);
            serving.remove(ids.get(0));
            settle(d, serving, streams);

            // Then each stream's latest event is the JSON snapshot, byte for byte, and all partitions are held
            int held = 0;
            for (String w : ids) {
                String json = given().accept("application/json")
                        .get("/api/v1/domains/{d}/workers/{w}/assignments", d, w)
                        .asString();
                assertThat(latest(streams.get(w)).data()).isEqualTo(json);
                held += JSON.readTree(json).get("partitions").size();
            }
            assertThat(held).isEqualTo(24);
        } finally {
            streams.values().forEach(SseStream::close);
        }
    }

    /**
     * Heartbeats each serving worker with the version its stream carries until every stream is at the
     * version the JSON endpoint serves and the domain's 24 partitions are all held.
     */
    private static void settle(String d, Map<String, List<String>> serving, Map<String, SseStream> streams) {
        await().atMost(PATIENCE).until(() -> {
            int held = 0;
            boolean current = true;
            for (Map.Entry<String, List<String>> w : serving.entrySet()) {
                SseStream.Event latest = latest(streams.get(w.getKey()));
                long carried = latest == null ? 0 : Long.parseLong(latest.id());
                long version = heartbeat(d, w.getKey(), w.getValue(), carried);
                current &= latest != null && carried == version;
                held += latest == null
                        ? 0
                        : JSON.readTree(latest.data()).get("partitions").size();
            }
            return current && held == 24;
        });
    }

    private static SseStream.Event latest(SseStream stream) {
        List<SseStream.Event> events = stream.events();
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    /** The first snapshot on the stream that holds all three partitions, or null. */
    private static JsonNode granted(SseStream stream) throws Exception {
        for (SseStream.Event e : stream.events()) {
            JsonNode snapshot = JSON.readTree(e.data());
            if (snapshot.get("partitions").size() == 3) {
                return snapshot;
            }
        }
        return null;
    }

    private static JsonNode last(SseStream stream) throws Exception {
        List<SseStream.Event> events = stream.events();
        return JSON.readTree(events.get(events.size() - 1).data());
    }

    @Test
    void aCurrentLastEventIdSuppressesTheFirstEventAndAStaleOneDoesNot() {
        String d = domain();
        String w = UUID.randomUUID().toString();
        long version = heartbeat(d, w, List.of("q"), 0);

        try (SseStream current = SseStream.open(streamOf(d, w), Long.toString(version), e -> {});
                SseStream stale = SseStream.open(streamOf(d, w), Long.toString(version - 1), e -> {})) {
            await().atMost(PATIENCE).until(() -> stale.events().size() == 1);
            // Keep-alive comments prove the first stream is open and silent on purpose.
            await().atMost(PATIENCE).until(() -> current.comments().contains("keep-alive"));
            assertThat(current.events()).isEmpty();
            assertThat(stale.events().get(0).id()).isEqualTo(Long.toString(version));
        }
    }

    @Test
    void aDepartedWorkersStreamStaysOpenWithItsEmptySnapshot() throws Exception {
        String d = domain();
        String w = UUID.randomUUID().toString();
        given().contentType("application/json")
                .body(Map.of("partitions", 2))
                .put("/api/v1/domains/{d}/queues/q", d)
                .then()
                .statusCode(201);
        heartbeat(d, w, List.of("q"), 0);
        try (SseStream stream = SseStream.open(streamOf(d, w))) {
            await().atMost(PATIENCE)
                    .until(() -> !stream.events().isEmpty()
                            && last(stream).get("partitions").size() == 2);
            long held = last(stream).get("version").asLong();

            given().delete("/api/v1/domains/{d}/workers/{w}", d, w).then().statusCode(204);

            await().atMost(PATIENCE).until(() -> last(stream).get("version").asLong() > held);
            assertThat(last(stream).get("partitions")).isEmpty();
            int events = stream.events().size();
            await().atMost(PATIENCE)
                    .until(() -> stream.comments().stream()
                                    .filter("keep-alive"::equals)
                                    .count()
                            >= 2);
            assertThat(stream.events()).hasSize(events);
        }
    }

    @Test
    void noAcceptOrAnyTypeMeansJson() {
        String d = domain();
        String w = UUID.randomUUID().toString();
        given().accept("*/*")
                .get("/api/v1/domains/{d}/workers/{w}/assignments", d, w)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("version", equalTo(0));
        given().header("Accept", "")
                .get("/api/v1/domains/{d}/workers/{w}/assignments", d, w)
                .then()
                .statusCode(200)
                .contentType("application/json");
    }

    @Test
    void anInvalidWorkerIdOnTheStreamIsAProblem() {
        given().accept("text/event-stream")
                .get("/api/v1/domains/{d}/workers/{w}/assignments", domain(), "not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"));
    }
}
