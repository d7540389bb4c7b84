package io.goxhelix.api;

import static io.goxhelix.api.Api.ASSIGNMENTS;
import static io.goxhelix.api.Api.HEARTBEAT;
import static io.goxhelix.api.Api.QUEUE;
import static io.goxhelix.api.Api.QUEUES;
import static io.goxhelix.api.Api.WORKER;
import static io.goxhelix.api.Api.WORKERS;
import static io.goxhelix.api.Api.assertNoQueue;
import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.givenQueue;
import static io.goxhelix.api.Api.heartbeat;
import static io.goxhelix.api.Api.json;
import static io.goxhelix.api.Api.liveWorkers;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.newWorkerId;
import static io.goxhelix.api.Api.partitionsOf;
import static io.goxhelix.api.Api.putQueue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The errors HTTP itself defines (404, 405, 406, 413, 415) are problem+json too, and change nothing. */
@QuarkusTest
class ErrorContractApiTest {

    /** Over the configured limit of 64 KiB (quarkus.http.limits.max-body-size). */
    private static final int OVER_LIMIT = 64 * 1024 + 1;

    // ---- 404 ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/nothing",
                "/api/v2/cluster",
                "/api/v1/domains",
                "/api/v1/domains/d/queues/q/partitions",
                "/api/v1/domains/d/workers/0f8fad5b-d9cb-469f-a165-70867728950e/nothing",
                "/nothing"
            })
    void anUnknownPathIsA404Problem(String path) {
        assertProblem(given().get(path), 404);
    }

    // ---- 405 ----------------------------------------------------------------------------------

    @Test
    void aMethodNotAllowedOnAQueueIsA405ThatChangesNothing() {
        // Given a queue of 2 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 2);

        // When it is PATCHed or POSTed
        Response patch = json().body("{\"partitions\": 5}").patch(QUEUE, domain, "orders");
        Response post = json().body("{\"partitions\": 5}").post(QUEUE, domain, "orders");

        // Then each is a 405 problem naming the methods allowed, and the queue is unchanged
        for (Response r : List.of(patch, post)) {
            assertProblem(r, 405);
            assertThat(allowed(r)).contains("GET", "PUT", "DELETE").doesNotContain("PATCH", "POST");
        }
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
    }

    @Test
    void everyEndpointAnswersA405WithItsAllowedMethods() {
        String domain = newDomain();
        String worker = newWorkerId();

        Response queues = given().delete(QUEUES, domain);
        assertProblem(queues, 405);
        assertThat(allowed(queues)).contains("GET").doesNotContain("DELETE", "PUT", "POST");

        Response beat = given().get(HEARTBEAT, domain, worker);
        assertProblem(beat, 405);
        assertThat(allowed(beat)).contains("POST").doesNotContain("GET", "PUT", "DELETE");

        Response workerResource = json().body("{}").put(WORKER, domain, worker);
        assertProblem(workerResource, 405);
        assertThat(allowed(workerResource)).contains("DELETE").doesNotContain("PUT", "GET");

        Response workers = json().body("{}").post(WORKERS, domain);
        assertProblem(workers, 405);
        assertThat(allowed(workers)).contains("GET").doesNotContain("POST");

        Response assignments = given().delete(ASSIGNMENTS, domain, worker);
        assertProblem(assignments, 405);
        assertThat(allowed(assignments)).contains("GET").doesNotContain("DELETE");

        Response ledger = given().delete("/api/v1/domains/{d}/ledger", domain);
        assertProblem(ledger, 405);
        assertThat(allowed(ledger)).contains("GET").doesNotContain("DELETE");

        Response cluster = given().post("/api/v1/cluster");
        assertProblem(cluster, 405);
        assertThat(allowed(cluster)).contains("GET").doesNotContain("POST");

        assertThat(liveWorkers(domain)).isEmpty();
    }

    // ---- 406 ----------------------------------------------------------------------------------

    @Test
    void anUnsupportedAcceptIsA406ThatChangesNothing() {
        // Given a domain with a queue
        String domain = newDomain();
        String worker = newWorkerId();
        givenQueue(domain, "orders", 2);

        // When a change is asked for with a response in XML only
        Response put =
                json().accept("application/xml").body("{\"partitions\": 5}").put(QUEUE, domain, "orders");
        Response create =
                json().accept("application/xml").body("{\"partitions\": 5}").put(QUEUE, domain, "invoices");
        Response beat = json().accept("application/xml")
                .body("{\"queues\": [\"orders\"]}")
                .post(HEARTBEAT, domain, worker);

        // Then each is a 406 problem, and nothing changed
        assertProblem(put, 406);
        assertProblem(create, 406);
        assertProblem(beat, 406);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
        assertNoQueue(domain, "invoices");
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @Test
    void everyReadAnswersA406ForAnUnsupportedAccept() {
        String domain = newDomain();
        String worker = newWorkerId();

        assertProblem(given().accept("application/xml").get(QUEUE, domain, "orders"), 406);
        assertProblem(given().accept("application/xml").get(QUEUES, domain), 406);
        assertProblem(given().accept("application/xml").get(WORKERS, domain), 406);
        assertProblem(given().accept("application/xml").get(ASSIGNMENTS, domain, worker), 406);
        assertProblem(given().accept("text/plain").get("/api/v1/cluster"), 406);
        assertProblem(given().accept("application/xml").get("/api/v1/domains/{d}/ledger", domain), 406);
    }

    // ---- 413 ----------------------------------------------------------------------------------

    @Test
    void aBodyOverTheLimitIsA413ThatChangesNothing() {
        // Given a queue of 2 partitions, and bodies that are valid but for their size
        String domain = newDomain();
        String worker = newWorkerId();
        givenQueue(domain, "orders", 2);

        // When they are sent
        Response put = putQueue(domain, "orders", padded("{\"partitions\": 5", OVER_LIMIT));
        Response create = putQueue(domain, "invoices", padded("{\"partitions\": 5", OVER_LIMIT));
        Response beat = heartbeat(domain, worker, padded("{\"queues\": [\"orders\"]", OVER_LIMIT));

        // Then each is a 413 problem, and nothing changed
        assertProblem(put, 413);
        assertProblem(create, 413);
        assertProblem(beat, 413);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
        assertNoQueue(domain, "invoices");
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413ThatChangesNothing() throws Exception {
        // Given a queue of 2 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 2);

        // When a valid body over the limit is sent without a length (chunked)
        HttpResponse<String> r = putChunked(domain, "orders", padded("{\"partitions\": 5", OVER_LIMIT));

        // Then it is a 413 problem, and the queue is unchanged
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Api.PROBLEM_JSON);
        JsonPath problem = JsonPath.from(r.body());
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("title")).isEqualTo("Request Entity Too Large");
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
    }

    @Test
    void bodiesWithinTheLimitAreAccepted() throws Exception {
        // Given a queue of 2 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 2);

        // When bodies just within the limit are sent, with a length and chunked
        Response withLength = putQueue(domain, "orders", padded("{\"partitions\": 5", OVER_LIMIT - 1));
        HttpResponse<String> chunked = putChunked(domain, "orders", padded("{\"partitions\": 6", OVER_LIMIT - 1));

        // Then both are applied
        assertThat(withLength.statusCode()).as(withLength.asString()).isEqualTo(200);
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(6);
    }

    // ---- 415 ----------------------------------------------------------------------------------

    @Test
    void anUnsupportedContentTypeIsA415ThatChangesNothing() {
        // Given a queue of 2 partitions
        String domain = newDomain();
        String worker = newWorkerId();
        givenQueue(domain, "orders", 2);

        // When JSON bodies are sent as text/plain or as form data
        Response put =
                given().contentType("text/plain").body("{\"partitions\": 5}").put(QUEUE, domain, "orders");
        Response create =
                given().contentType("text/plain").body("{\"partitions\": 5}").put(QUEUE, domain, "invoices");
        Response beat = given().contentType("text/plain")
                .body("{\"queues\": [\"orders\"]}")
                .post(HEARTBEAT, domain, worker);
        Response form = given().contentType("application/x-www-form-urlencoded")
                .body("partitions=5")
                .put(QUEUE, domain, "orders");

        // Then each is a 415 problem, and nothing changed
        for (Response r : List.of(put, create, beat, form)) {
            assertProblem(r, 415);
        }
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
        assertNoQueue(domain, "invoices");
        assertThat(liveWorkers(domain)).isEmpty();
    }

    @Test
    void jsonWithACharsetIsAccepted() {
        String domain = newDomain();

        Response r = given().contentType("application/json; charset=UTF-8")
                .body("{\"partitions\": 3}")
                .put(QUEUE, domain, "orders");

        assertThat(r.statusCode()).isEqualTo(201);
    }

    // ---- The problem document -----------------------------------------------------------------

    @Test
    void aProblemHasTheFieldsOfRfc9457() {
        Response r = given().get(QUEUE, newDomain(), "orders");

        assertProblem(r, 404);
        assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("type", "title", "status", "detail");
        assertThat(r.jsonPath().getString("type")).isEqualTo("about:blank");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<String> allowed(Response r) {
        String allow = r.header("Allow");
        assertThat(allow).as("Allow header of a 405").isNotBlank();
        return Arrays.stream(allow.split(",")).map(String::trim).toList();
    }

    /** {@code head} completed into a JSON object of exactly {@code size} bytes with an unknown field. */
    private static String padded(String head, int size) {
        String open = head + ", \"padding\": \"";
        String close = "\"}";
        return open + "x".repeat(size - open.length() - close.length()) + close;
    }

    private static HttpResponse<String> putChunked(String domain, String queue, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + RestAssured.port + "/api/v1/domains/" + domain + "/queues/" + queue))
                .header("Content-Type", "application/json")
                // A publisher of unknown length: sent with Transfer-Encoding: chunked.
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
