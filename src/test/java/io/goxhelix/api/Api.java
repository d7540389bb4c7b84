package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Requests and assertions shared by the API v1 tests. */
final class Api {

    static final String PROBLEM_JSON = "application/problem+json";

    static final String QUEUE = "/api/v1/domains/{domain}/queues/{queue}";
    static final String QUEUES = "/api/v1/domains/{domain}/queues";
    static final String HEARTBEAT = "/api/v1/domains/{domain}/workers/{workerId}/heartbeat";
    static final String WORKER = "/api/v1/domains/{domain}/workers/{workerId}";
    static final String WORKERS = "/api/v1/domains/{domain}/workers";
    static final String ASSIGNMENTS = "/api/v1/domains/{domain}/workers/{workerId}/assignments";

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request",
            401, "Unauthorized",
            403, "Forbidden",
            404, "Not Found",
            405, "Method Not Allowed",
            406, "Not Acceptable",
            409, "Conflict",
            413, "Request Entity Too Large",
            415, "Unsupported Media Type");

    private Api() {}

    /** A domain no other test uses, so that tests sharing the application and database stay apart. */
    static String newDomain() {
        return "t-" + UUID.randomUUID();
    }

    static String newWorkerId() {
        return UUID.randomUUID().toString();
    }

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    static Response putQueue(String domain, String queue, String body) {
        return json().body(body).put(QUEUE, domain, queue);
    }

    static Response putQueue(String domain, String queue, int partitions) {
        return putQueue(domain, queue, "{\"partitions\": " + partitions + "}");
    }

    /** Defines a queue, asserting success. */
    static void givenQueue(String domain, String queue, int partitions) {
        assertThat(putQueue(domain, queue, partitions).statusCode()).isIn(200, 201);
    }

    /** The partition count of an existing queue, read back through the API. */
    static int partitionsOf(String domain, String queue) {
        Response r = given().get(QUEUE, domain, queue);
        assertThat(r.statusCode()).as("GET queue %s/%s", domain, queue).isEqualTo(200);
        return r.jsonPath().getInt("partitions");
    }

    /** The queue is neither readable nor listed. */
    static void assertNoQueue(String domain, String queue) {
        assertProblem(given().get(QUEUE, domain, queue), 404);
        assertThat(queueNames(domain)).doesNotContain(queue);
    }

    static List<String> queueNames(String domain) {
        Response r = given().get(QUEUES, domain);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.jsonPath().getList("queue", String.class);
    }

    static Response heartbeat(String domain, String workerId, String body) {
        return json().body(body).post(HEARTBEAT, domain, workerId);
    }

    /** A heartbeat that must succeed; returns the assignment version answered. */
    static long givenHeartbeat(String domain, String workerId, String... queues) {
        StringBuilder body = new StringBuilder("{\"queues\": [");
        for (int i = 0; i < queues.length; i++) {
            body.append(i == 0 ? "" : ", ").append('"').append(queues[i]).append('"');
        }
        Response r = heartbeat(domain, workerId, body.append("]}").toString());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getLong("assignmentVersion");
    }

    static List<Map<String, Object>> liveWorkers(String domain) {
        Response r = given().get(WORKERS, domain);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.jsonPath().getList("$");
    }

    static Optional<Map<String, Object>> liveWorker(String domain, String workerId) {
        String id = workerId.toLowerCase(Locale.ROOT);
        return liveWorkers(domain).stream()
                .filter(w -> id.equals(w.get("workerId")))
                .findFirst();
    }

    /** The media type of a response, without parameters. */
    static String mediaType(Response r) {
        String type = r.contentType();
        return type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    /** An RFC 9457 problem with the status, its standard title, and a detail. */
    static void assertProblem(Response r, int status) {
        assertThat(r.statusCode()).as("status of %s", r.asString()).isEqualTo(status);
        assertThat(mediaType(r)).as("content type").isEqualTo(PROBLEM_JSON);
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("title")).isEqualTo(TITLES.get(status));
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }

    /** As {@link #assertProblem(Response, int)}, with a detail that says what was wrong. */
    static void assertProblem(Response r, int status, String detailContains) {
        assertProblem(r, status);
        assertThat(r.jsonPath().getString("detail")).contains(detailContains);
    }
}
