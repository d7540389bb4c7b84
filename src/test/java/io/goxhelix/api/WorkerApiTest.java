package io.goxhelix.api;

import static io.goxhelix.api.Api.ASSIGNMENTS;
import static io.goxhelix.api.Api.QUEUE;
import static io.goxhelix.api.Api.WORKER;
import static io.goxhelix.api.Api.WORKERS;
import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.givenHeartbeat;
import static io.goxhelix.api.Api.givenQueue;
import static io.goxhelix.api.Api.heartbeat;
import static io.goxhelix.api.Api.liveWorker;
import static io.goxhelix.api.Api.liveWorkers;
import static io.goxhelix.api.Api.mediaType;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.newWorkerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class WorkerApiTest {

    /** Heartbeat bodies that are invalid whatever the worker's state. */
    static Stream<String> badHeartbeats() {
        return Stream.of(
                "{\"queues\": []}",
                "{\"queues\": null}",
                "{\"ackedVersion\": 0}",
                "{}",
                "{\"queues\": \"orders\"}",
                "{\"queues\": [7]}",
                "{\"queues\": [true]}",
                "{\"queues\": [null]}",
                "{\"queues\": [\"\"]}",
                "{\"queues\": [\"_orders\"]}",
                "{\"queues\": [\"or/ders\"]}",
                "{\"queues\": [\"" + "q".repeat(65) + "\"]}",
                "{\"queues\": [\"orders\"], \"ackedVersion\": -1}",
                "{\"queues\": [\"orders\"], \"ackedVersion\": \"0\"}",
                "{\"queues\": [\"orders\"], \"ackedVersion\": 1.5}",
                "{\"queues\": [\"orders\"], \"ackedVersion\": 99999999999999999999}",
                queues(101),
                "{\"queues\": [\"orders\"]} x",
                "{\"queues\": [\"orders\"]} {}",
                "{\"queues\": [\"orders\"]",
                "[\"orders\"]",
                "null",
                "",
                "not json");
    }

    // ---- Heartbeat ----------------------------------------------------------------------------

    @Test
    void aFirstHeartbeatRegistersTheWorkerEvenForQueuesNotDefined() {
        // Given a domain without queues, and a worker never seen
        String domain = newDomain();
        String worker = newWorkerId();
        Instant before = Instant.now().minusSeconds(60);

        // When the worker heartbeats for a queue that is not defined
        Response r = heartbeat(domain, worker, "{\"queues\": [\"orders\"]}");

        // Then it is registered, and told its lease, its heartbeat interval and its version
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(mediaType(r)).isEqualTo("application/json");
        Map<String, Object> body = r.jsonPath().getMap("$");
        assertThat(body).containsOnlyKeys("workerId", "leaseTimeoutMs", "heartbeatIntervalMs", "assignmentVersion");
        assertThat(body).containsEntry("workerId", worker);
        long lease = r.jsonPath().getLong("leaseTimeoutMs");
        long interval = r.jsonPath().getLong("heartbeatIntervalMs");
        assertThat(interval).isPositive().isLessThan(lease);
        // (version 0: its snapshot, empty, did not change, so there is nothing to acknowledge)
        assertThat(r.jsonPath().getLong("assignmentVersion")).isZero();

        // And the live list shows it, serving that queue, with nothing acknowledged or owned
        Map<String, Object> listed = liveWorker(domain, worker).orElseThrow();
        assertThat(listed)
                .containsOnlyKeys(
                        "workerId",
                        "queues",
                        "ackedVersion",
                        "assignmentVersion",
                        "partitions",
                        "lastHeartbeatAt",
                        "state",
                        "version",
                        "weight",
                        "maxPartitions",
                        "labels",
                        "load");
        assertThat(listed)
                .containsEntry("weight", 1)
                .containsEntry("maxPartitions", null)
                .containsEntry("labels", Map.of());
        assertThat(listed).containsEntry("workerId", worker).containsEntry("queues", List.of("orders"));
        assertThat(listed).containsEntry("state", "ACTIVE").containsEntry("version", null);
        assertThat(listed).containsEntry("ackedVersion", 0).containsEntry("partitions", 0);
        assertThat(((Number) listed.get("assignmentVersion")).longValue()).isZero();
        Instant at = Instant.parse((String) listed.get("lastHeartbeatAt"));
        assertThat(at).isBetween(before, Instant.now().plusSeconds(60));
    }

    @Test
    void ackedVersionIsOptionalAndRecordedWhenGiven() {
        // Given a registered worker at version v
        String domain = newDomain();
        String worker = newWorkerId();
        long version = givenHeartbeat(domain, worker, "orders");

        // When it heartbeats without ackedVersion, with 0, and then acknowledging v
        Response none = heartbeat(domain, worker, "{\"queues\": [\"orders\"]}");
        Response zero = heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"ackedVersion\": 0}");
        Response acked = heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"ackedVersion\": " + version + "}");

        // Then each is accepted, and the list shows v acknowledged
        assertThat(List.of(none.statusCode(), zero.statusCode(), acked.statusCode()))
                .containsOnly(200);
        assertThat(liveWorker(domain, worker).orElseThrow()).containsEntry("ackedVersion", (int) version);
    }

    @Test
    void aHeartbeatIgnoresUnknownFields() {
        String domain = newDomain();
        String worker = newWorkerId();

        Response r =
                heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"host\": \"node-1\", \"load\": {\"cpu\": 0.5}}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(liveWorker(domain, worker)).isPresent();
    }

    @Test
    void aHeartbeatReplacesTheQueuesServed() {
        // Given a worker serving one queue
        String domain = newDomain();
        String worker = newWorkerId();
        givenHeartbeat(domain, worker, "orders");

        // When it heartbeats for two others, one of them twice
        Response r = heartbeat(domain, worker, "{\"queues\": [\"payments\", \"invoices\", \"payments\"]}");

        // Then the list shows the new set of queues, each once
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<String> queues =
                (List<String>) liveWorker(domain, worker).orElseThrow().get("queues");
        assertThat(queues).containsExactlyInAnyOrder("invoices", "payments");
    }

    @Test
    void aHeartbeatMayName100QueuesOf64Characters() {
        // Given a worker and 100 distinct queue names of 64 characters
        String domain = newDomain();
        String worker = newWorkerId();
        List<String> names = IntStream.range(0, 100)
                .mapToObj(i -> String.format("q%03d", i) + "x".repeat(60))
                .toList();
        assertThat(names).allMatch(n -> n.length() == 64);

        // When it heartbeats for all of them
        Response r = heartbeat(domain, worker, queuesBody(names));

        // Then it is accepted and the list shows all 100
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<String> listed =
                (List<String>) liveWorker(domain, worker).orElseThrow().get("queues");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void aHeartbeatNaming101QueuesIsA400() {
        String domain = newDomain();
        String worker = newWorkerId();

        assertProblem(heartbeat(domain, worker, queues(101)), 400, "100");
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("badHeartbeats")
    void anInvalidHeartbeatIsA400AndRegistersNothing(String body) {
        // Given a worker never seen
        String domain = newDomain();
        String worker = newWorkerId();

        // When its first heartbeat is invalid
        Response r = heartbeat(domain, worker, body);

        // Then the answer is a 400 problem and the worker is not registered
        assertProblem(r, 400);
        assertThat(liveWorkers(domain)).isEmpty();
        assertThat(given().get(ASSIGNMENTS, domain, worker).jsonPath().getLong("version"))
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("badHeartbeats")
    void anInvalidHeartbeatLeavesARegisteredWorkerAsItWas(String body) {
        // Given a registered worker serving "a"
        String domain = newDomain();
        String worker = newWorkerId();
        givenHeartbeat(domain, worker, "a");
        Map<String, Object> before = liveWorker(domain, worker).orElseThrow();

        // When it sends an invalid heartbeat
        Response r = heartbeat(domain, worker, body);

        // Then the answer is a 400 problem, and its entry (lease included) is unchanged
        assertProblem(r, 400);
        assertThat(liveWorker(domain, worker)).contains(before);
    }

    @Test
    void theDetailOfA400SaysWhatIsWrong() {
        String domain = newDomain();
        String worker = newWorkerId();

        assertProblem(heartbeat(domain, worker, "{\"queues\": []}"), 400, "queues");
        assertProblem(heartbeat(domain, worker, "{\"queues\": [7]}"), 400, "queues");
        assertProblem(heartbeat(domain, worker, "{\"queues\": [\"_x\"]}"), 400, "_x");
        assertProblem(heartbeat(domain, worker, "{\"queues\": [\"q\"], \"ackedVersion\": -1}"), 400, "ackedVersion");
        assertProblem(heartbeat(domain, worker, "{\"queues\": [\"q\"], \"ackedVersion\": \"1\"}"), 400, "ackedVersion");
    }

    @Test
    void anAckedVersionAheadOfTheWorkerIsA409ThatChangesNothing() {
        // Given a registered worker at version v, which acknowledged v
        String domain = newDomain();
        String worker = newWorkerId();
        long version = givenHeartbeat(domain, worker, "orders");
        heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"ackedVersion\": " + version + "}")
                .then()
                .statusCode(200);
        Map<String, Object> before = liveWorker(domain, worker).orElseThrow();

        // When it acknowledges a version it was never sent, with another set of queues
        Response r =
                heartbeat(domain, worker, "{\"queues\": [\"invoices\"], \"ackedVersion\": " + (version + 1000) + "}");

        // Then the answer is a 409 problem, and its entry is unchanged: acknowledgement, queues, lease
        assertProblem(r, 409, "ackedVersion");
        Map<String, Object> after = liveWorker(domain, worker).orElseThrow();
        assertThat(after).containsEntry("ackedVersion", (int) version);
        assertThat(after).containsEntry("queues", List.of("orders"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aFirstHeartbeatAcknowledgingAVersionIsA409ThatRegistersNothing() {
        // Given a worker never seen
        String domain = newDomain();
        String worker = newWorkerId();

        // When its first heartbeat acknowledges version 1
        Response r = heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"ackedVersion\": 1}");

        // Then the answer is a 409 problem and the worker is not registered
        assertProblem(r, 409);
        assertThat(liveWorkers(domain)).isEmpty();
        assertThat(given().get(ASSIGNMENTS, domain, worker).jsonPath().getLong("version"))
                .isZero();
    }

    // ---- Worker ids ---------------------------------------------------------------------------

    @Test
    void anUpperCaseWorkerIdIsTheSameWorkerAndAnsweredInLowerCase() {
        // Given a worker id in upper case
        String domain = newDomain();
        String lower = newWorkerId();
        String upper = lower.toUpperCase(Locale.ROOT);

        // When the worker heartbeats under it, and then under the lower-case id
        Response r = heartbeat(domain, upper, "{\"queues\": [\"orders\"]}");
        givenHeartbeat(domain, lower, "orders");

        // Then every answer carries the lower-case id, and there is one worker
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("workerId")).isEqualTo(lower);
        assertThat(liveWorkers(domain)).extracting(w -> w.get("workerId")).containsExactly(lower);
        Response snapshot = given().get(ASSIGNMENTS, domain, upper);
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.jsonPath().getString("workerId")).isEqualTo(lower);

        // And it leaves under the upper-case id
        assertThat(given().delete(WORKER, domain, upper).statusCode()).isEqualTo(204);
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0f8fad5bd9cb469fa16570867728950e", // no dashes
                "{0f8fad5b-d9cb-469f-a165-70867728950e}", // braces
                "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
                "0f8fad5b-d9cb-469f-a165-70867728950", // one digit short
                "0f8fad5b-d9cb-469f-a165-70867728950e0", // one digit long
                "0f8fad5bd-9cb-469f-a165-70867728950e", // dashes misplaced
                "0f8fad5g-d9cb-469f-a165-70867728950e", // not hex
                " 0f8fad5b-d9cb-469f-a165-70867728950e",
                "worker-1",
            })
    void aNonCanonicalWorkerIdIsA400OnEveryWorkerEndpoint(String id) {
        // Given a domain
        String domain = newDomain();

        // (Encoded by hand: REST Assured would take the braces for a path template.)
        String worker = "/api/v1/domains/" + domain + "/workers/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");

        // When a worker endpoint is called with a non-canonical id, then each is a 400 problem
        assertProblem(
                given().urlEncodingEnabled(false)
                        .contentType("application/json")
                        .body("{\"queues\": [\"orders\"]}")
                        .post(worker + "/heartbeat"),
                400,
                "workerId");
        assertProblem(given().urlEncodingEnabled(false).delete(worker), 400, "workerId");
        assertProblem(given().urlEncodingEnabled(false).get(worker + "/assignments"), 400, "workerId");

        // And no worker was registered
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @Test
    void anInvalidDomainIsA400OnEveryWorkerEndpoint() {
        String worker = newWorkerId();
        for (String domain : List.of("_d", "d".repeat(65), "d:1")) {
            assertProblem(heartbeat(domain, worker, "{\"queues\": [\"orders\"]}"), 400, "domain");
            assertProblem(given().delete(WORKER, domain, worker), 400, "domain");
            assertProblem(given().get(WORKERS, domain), 400, "domain");
            assertProblem(given().get(ASSIGNMENTS, domain, worker), 400, "domain");
        }
    }

    // ---- Leave and the live list ---------------------------------------------------------------

    @Test
    void leavingIsA204AndIdempotent() {
        // Given two registered workers
        String domain = newDomain();
        String leaving = newWorkerId();
        String staying = newWorkerId();
        givenHeartbeat(domain, leaving, "orders");
        givenHeartbeat(domain, staying, "orders");

        // When one leaves
        Response r = given().delete(WORKER, domain, leaving);

        // Then the answer is 204 without a body, and only the other is listed
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.asString()).isEmpty();
        assertThat(liveWorkers(domain)).extracting(w -> w.get("workerId")).containsExactly(staying);
        assertThat(given().get(ASSIGNMENTS, domain, leaving).jsonPath().getList("partitions"))
                .isEmpty();

        // And leaving again, or leaving as a worker never seen, is a 204 that changes nothing
        assertThat(given().delete(WORKER, domain, leaving).statusCode()).isEqualTo(204);
        assertThat(given().delete(WORKER, domain, newWorkerId()).statusCode()).isEqualTo(204);
        assertThat(given().delete(WORKER, newDomain(), staying).statusCode()).isEqualTo(204);
        assertThat(liveWorkers(domain)).extracting(w -> w.get("workerId")).containsExactly(staying);
    }

    @Test
    void aWorkerThatLeftIsRegisteredAgainByItsNextHeartbeat() {
        // Given a worker that left
        String domain = newDomain();
        String worker = newWorkerId();
        long first = givenHeartbeat(domain, worker, "orders");
        given().delete(WORKER, domain, worker).then().statusCode(204);

        // When it heartbeats again
        long again = givenHeartbeat(domain, worker, "orders");

        // Then it is listed again, under a newer version
        assertThat(again).isGreaterThan(first);
        assertThat(liveWorker(domain, worker)).isPresent();
    }

    @Test
    void theLiveListIsSortedByWorkerId() {
        // Given workers registered out of order, one of them in upper case, and a worker of another domain
        String domain = newDomain();
        List<String> ids = new ArrayList<>(List.of(
                "ffffffff-0000-0000-0000-000000000001",
                "00000000-0000-0000-0000-000000000002",
                "abcdef00-0000-0000-0000-000000000003",
                "0000000a-0000-0000-0000-000000000004"));
        for (String id : ids) {
            givenHeartbeat(domain, id.toUpperCase(Locale.ROOT), "orders");
        }
        givenHeartbeat(newDomain(), newWorkerId(), "orders");

        // When the domain's workers are listed
        Response r = given().get(WORKERS, domain);

        // Then all of them, and only them, are listed in lower case, sorted by id
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(mediaType(r)).isEqualTo("application/json");
        assertThat(r.jsonPath().getList("workerId", String.class))
                .containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void theLiveListOfAnUnknownDomainIsEmpty() {
        Response r = given().get(WORKERS, newDomain());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("$")).isEmpty();
    }

    // ---- Assignments --------------------------------------------------------------------------

    @Test
    void theSnapshotOfAWorkerNeverSeenIsVersion0AndEmpty() {
        // Given a worker never seen
        String domain = newDomain();
        String worker = newWorkerId();

        // When its assignments are read as JSON, with */* or without any Accept header
        List<Response> answers = List.of(
                given().accept("application/json").get(ASSIGNMENTS, domain, worker),
                given().accept("*/*").get(ASSIGNMENTS, domain, worker));

        // Then each is the JSON snapshot of version 0, with no partitions
        for (Response r : answers) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(mediaType(r)).isEqualTo("application/json");
            assertThat(r.jsonPath().getMap("$"))
                    .isEqualTo(Map.of("domain", domain, "workerId", worker, "version", 0, "partitions", List.of()));
        }
        HttpResponse<String> noAccept =
                getWithoutAcceptHeader("/api/v1/domains/" + domain + "/workers/" + worker + "/assignments");
        assertThat(noAccept.statusCode()).isEqualTo(200);
        assertThat(noAccept.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JsonPath.from(noAccept.body()).getMap("$"))
                .isEqualTo(Map.of("domain", domain, "workerId", worker, "version", 0, "partitions", List.of()));
    }

    @Test
    void theSnapshotOfARegisteredWorkerCarriesItsVersion() {
        // Given a registered worker of a domain without queues
        String domain = newDomain();
        String worker = newWorkerId();
        long version = givenHeartbeat(domain, worker, "orders");

        // When its assignments are read
        Response r = given().get(ASSIGNMENTS, domain, worker);

        // Then the snapshot is at least at the version the heartbeat answered, with no partitions
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("domain", "workerId", "version", "partitions");
        assertThat(r.jsonPath().getLong("version")).isGreaterThanOrEqualTo(version);
        assertThat(r.jsonPath().getList("partitions")).isEmpty();
    }

    @Test
    void aWorkerServingADefinedQueueIsEventuallyGrantedItsPartitions() {
        // Given a queue of 4 partitions and one worker serving it
        String domain = newDomain();
        String worker = newWorkerId();
        givenQueue(domain, "orders", 4);
        AtomicLong seen = new AtomicLong();

        // When the worker keeps heartbeating, acknowledging what it has seen
        // Then the coordinator eventually grants it every partition:
        // its snapshot, the queue view and the live list all say so
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    heartbeat(domain, worker, "{\"queues\": [\"orders\"], \"ackedVersion\": " + seen.get() + "}")
                            .then()
                            .statusCode(200);
                    Response snapshot = given().get(ASSIGNMENTS, domain, worker);
                    seen.set(snapshot.jsonPath().getLong("version"));
                    assertThat(snapshot.jsonPath().getList("partitions.queue", String.class))
                            .containsOnly("orders");
                    assertThat(snapshot.jsonPath().getList("partitions.partition", Integer.class))
                            .containsExactly(0, 1, 2, 3);
                    assertThat(snapshot.jsonPath().getList("partitions.epoch", Long.class))
                            .allMatch(epoch -> epoch > 0);

                    Response view = given().get(QUEUE, domain, "orders");
                    assertThat(view.jsonPath().getList("assignments.workerId", String.class))
                            .containsOnly(worker);
                    assertThat(view.jsonPath().getList("assignments.state", String.class))
                            .containsOnly("ASSIGNED");
                    assertThat(liveWorker(domain, worker).orElseThrow()).containsEntry("partitions", 4);
                });
    }

    @Test
    void assignmentsInAnUnsupportedMediaTypeAreA406() {
        String domain = newDomain();
        String worker = newWorkerId();

        assertProblem(given().accept("application/xml").get(ASSIGNMENTS, domain, worker), 406);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String queues(int n) {
        return queuesBody(IntStream.range(0, n).mapToObj(i -> "q" + i).toList());
    }

    private static String queuesBody(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "{\"queues\": [", "]}"));
    }

    private static HttpResponse<String> getWithoutAcceptHeader(String path) {
        try {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .GET()
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
