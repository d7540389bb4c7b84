package io.goxhelix.api;

import static io.goxhelix.api.Api.QUEUE;
import static io.goxhelix.api.Api.QUEUES;
import static io.goxhelix.api.Api.assertNoQueue;
import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.givenQueue;
import static io.goxhelix.api.Api.json;
import static io.goxhelix.api.Api.mediaType;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.partitionsOf;
import static io.goxhelix.api.Api.putQueue;
import static io.goxhelix.api.Api.queueNames;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class QueueApiTest {

    private static final String NAME_64 = "Q" + "a1_.-".repeat(12) + "xyz";
    private static final String NAME_65 = NAME_64 + "z";

    /** Bodies of PUT that are not {"partitions": N} with 1 <= N <= 100000. */
    private static final String[] BAD_BODIES = {
        "{\"partitions\": \"10\"}",
        "{\"partitions\": 1.5}",
        "{\"partitions\": 1e1}",
        "{\"partitions\": true}",
        "{\"partitions\": 10} x",
        "{\"partitions\": 10} {}",
        "{\"partitions\": 0}",
        "{\"partitions\": -1}",
        "{\"partitions\": 100001}",
        "{\"partitions\": 99999999999}",
        "{\"partitions\": " + "1".repeat(2000) + "}",
        "{\"partitions\": null}",
        "{\"partitions\": [10]}",
        "{}",
        "",
        "null",
        "[]",
        "10",
        "not json",
        "{\"partitions\": 10",
    };

    // ---- PUT ----------------------------------------------------------------------------------

    @Test
    void putCreatesAQueueAndAnswersItsView() {
        // Given a domain without queues
        String domain = newDomain();

        // When a queue of 3 partitions is put
        Response r = putQueue(domain, "orders", 3);

        // Then it is created, and its view lists every partition, none assigned yet
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(mediaType(r)).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("domain")).isEqualTo(domain);
        assertThat(r.jsonPath().getString("queue")).isEqualTo("orders");
        assertThat(r.jsonPath().getInt("partitions")).isEqualTo(3);
        List<Map<String, Object>> slots = r.jsonPath().getList("assignments");
        assertThat(slots).hasSize(3);
        for (int p = 0; p < 3; p++) {
            Map<String, Object> slot = slots.get(p);
            assertThat(slot).containsOnlyKeys("partition", "workerId", "epoch", "state", "workerState");
            assertThat(slot)
                    .containsEntry("partition", p)
                    .containsEntry("workerId", null)
                    .containsEntry("workerState", null);
            assertThat(slot).containsEntry("state", "UNASSIGNED");
            assertThat(((Number) slot.get("epoch")).longValue()).isNotNegative();
        }
    }

    @Test
    void putOnAnExistingQueueResizesItWith200() {
        // Given a queue of 5 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 5);

        // When it is grown to 8
        Response grown = putQueue(domain, "orders", 8);

        // Then it is updated (200) and its view has 8 entries, sorted by partition
        assertThat(grown.statusCode()).isEqualTo(200);
        assertThat(grown.jsonPath().getInt("partitions")).isEqualTo(8);
        assertThat(grown.jsonPath().getList("assignments.partition", Integer.class))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);

        // And when it is shrunk to 2, then its view has 2 entries
        Response shrunk = putQueue(domain, "orders", 2);
        assertThat(shrunk.statusCode()).isEqualTo(200);
        assertThat(shrunk.jsonPath().getList("assignments.partition", Integer.class))
                .containsExactly(0, 1);

        // And when the same size is put again, then it is a 200 and nothing else changes
        Response same = putQueue(domain, "orders", 2);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(2);
    }

    @Test
    void putAcceptsTheBoundsOfThePartitionCount() throws Exception {
        // Given a domain
        String domain = newDomain();

        // When queues of 1 and of 100000 partitions are put
        Response one = putQueue(domain, "one", 1);
        Response max = putQueue(domain, "max", 100_000);

        // Then both are created, each with exactly that many entries, in order
        assertThat(one.statusCode()).isEqualTo(201);
        assertThat(one.jsonPath().getList("assignments.partition", Integer.class))
                .containsExactly(0);
        assertThat(max.statusCode()).isEqualTo(201);
        // (Read with Jackson: the view is several megabytes.)
        JsonNode view = new ObjectMapper().readTree(max.asByteArray());
        assertThat(view.get("partitions").asInt()).isEqualTo(100_000);
        JsonNode slots = view.get("assignments");
        assertThat(slots.size()).isEqualTo(100_000);
        assertThat(IntStream.range(0, slots.size())
                        .allMatch(i -> slots.get(i).get("partition").asInt() == i))
                .isTrue();
    }

    @Test
    void putIgnoresUnknownFields() {
        // Given a domain
        String domain = newDomain();

        // When the body carries fields the API does not know
        Response r = putQueue(domain, "orders", "{\"partitions\": 4, \"owner\": \"team-a\", \"extra\": {\"x\": [1]}}");

        // Then they are ignored
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(4);
    }

    static Stream<String> badBodies() {
        return Stream.of(BAD_BODIES);
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void anInvalidBodyIsA400AndLeavesAnExistingQueueAsItWas(String body) {
        // Given a queue of 3 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 3);

        // When it is put with an invalid body
        Response r = putQueue(domain, "orders", body);

        // Then the answer is a 400 problem, and the queue keeps its 3 partitions
        assertProblem(r, 400);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(3);
    }

    @Test
    void anInvalidBodyCreatesNothing() {
        // Given a domain without queues
        String domain = newDomain();

        for (String body : BAD_BODIES) {
            // When a new queue is put with an invalid body
            Response r = putQueue(domain, "orders", body);

            // Then the answer is a 400 problem and no queue exists
            assertProblem(r, 400);
            assertNoQueue(domain, "orders");
        }
        assertThat(queueNames(domain)).isEmpty();
    }

    @Test
    void aBodyThatIsNotUtf8IsA400() {
        // Given a queue of 3 partitions
        String domain = newDomain();
        givenQueue(domain, "orders", 3);

        // When it is put with a body holding bytes that are not UTF-8
        byte[] body = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', ' ', '5', '}'};
        Response r = json().body(body).put(QUEUE, domain, "orders");

        // Then the answer is a 400 problem, and the queue keeps its 3 partitions
        assertProblem(r, 400);
        assertThat(partitionsOf(domain, "orders")).isEqualTo(3);
    }

    @Test
    void theDetailOfA400SaysWhatIsWrong() {
        String domain = newDomain();

        assertProblem(putQueue(domain, "q", "{\"partitions\": \"10\"}"), 400, "partitions");
        assertProblem(putQueue(domain, "q", "{\"partitions\": 1.5}"), 400, "partitions");
        assertProblem(putQueue(domain, "q", "{\"partitions\": 0}"), 400, "partitions");
        assertProblem(putQueue(domain, "q", "{\"partitions\": 100001}"), 400, "100000");
        assertProblem(putQueue(domain, "q", "{}"), 400, "partitions");
        assertProblem(putQueue(domain, "_q", 1), 400, "_q");
    }

    // ---- Names --------------------------------------------------------------------------------

    @Test
    void namesOf64CharactersAreAccepted() {
        // Given a domain and a queue name of 64 characters each, using every allowed character
        String domain = ("D" + UUID.randomUUID().toString().replace("-", "") + "_.-a".repeat(8)).substring(0, 64);
        assertThat(domain).hasSize(64);
        assertThat(NAME_64).hasSize(64);

        // When the queue is put
        Response r = putQueue(domain, NAME_64, 1);

        // Then it is created under those names
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getString("domain")).isEqualTo(domain);
        assertThat(r.jsonPath().getString("queue")).isEqualTo(NAME_64);
        assertThat(queueNames(domain)).containsExactly(NAME_64);
        assertThat(partitionsOf(domain, NAME_64)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_orders", ".orders", "-orders", "or ders", "or:ders", "ordérs", "or+ders"})
    void invalidQueueNamesAreA400OnEveryQueueEndpoint(String name) {
        // Given a domain
        String domain = newDomain();

        // When a queue with an invalid name is put, read or deleted, then each is a 400 problem
        assertProblem(putQueue(domain, name, 1), 400);
        assertProblem(given().get(QUEUE, domain, name), 400);
        assertProblem(given().delete(QUEUE, domain, name), 400);

        // And nothing was created
        assertThat(queueNames(domain)).isEmpty();
    }

    @Test
    void aQueueNameOf65CharactersIsA400() {
        String domain = newDomain();

        assertProblem(putQueue(domain, NAME_65, 1), 400, "queue");
        assertProblem(given().get(QUEUE, domain, NAME_65), 400);
        assertThat(queueNames(domain)).isEmpty();
    }

    @Test
    void invalidDomainNamesAreA400OnEveryQueueEndpoint() {
        for (String domain : List.of("_d", NAME_65, "d!")) {
            assertProblem(putQueue(domain, "orders", 1), 400, "domain");
            assertProblem(given().get(QUEUE, domain, "orders"), 400, "domain");
            assertProblem(given().delete(QUEUE, domain, "orders"), 400, "domain");
            assertProblem(given().get(QUEUES, domain), 400, "domain");
        }
    }

    @Test
    void anEncodedSlashInANameIsA400() {
        // Given a domain
        String domain = newDomain();

        // When a name holds %2F (a slash once decoded)
        Response inQueue = given().urlEncodingEnabled(false)
                .contentType("application/json")
                .body("{\"partitions\": 1}")
                .put("/api/v1/domains/" + domain + "/queues/a%2Fb");
        Response inDomain = given().urlEncodingEnabled(false)
                .contentType("application/json")
                .body("{\"partitions\": 1}")
                .put("/api/v1/domains/a%2Fb/queues/orders");

        // Then it is refused as an invalid name, and nothing is created
        assertProblem(inQueue, 400, "queue");
        assertProblem(inDomain, 400, "domain");
        assertThat(queueNames(domain)).isEmpty();
    }

    // ---- GET, list, DELETE --------------------------------------------------------------------

    @Test
    void getAnswersTheSameViewAsPut() {
        // Given a queue of 4 partitions
        String domain = newDomain();
        Response put = putQueue(domain, "orders", 4);

        // When it is read
        Response get = given().get(QUEUE, domain, "orders");

        // Then the view is the one PUT answered
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(mediaType(get)).isEqualTo("application/json");
        assertThat(get.jsonPath().getMap("$")).isEqualTo(put.jsonPath().getMap("$"));
    }

    @Test
    void getOfAnUnknownQueueIsA404() {
        // Given a domain with one queue
        String domain = newDomain();
        givenQueue(domain, "orders", 1);

        // When another queue, or a queue of another domain, is read, then each is a 404 problem
        assertProblem(given().get(QUEUE, domain, "invoices"), 404, "invoices");
        assertProblem(given().get(QUEUE, newDomain(), "orders"), 404, "orders");
    }

    @Test
    void listAnswersTheQueuesOfTheDomainSortedByName() {
        // Given queues put out of order, and a queue of another domain
        String domain = newDomain();
        givenQueue(domain, "gamma-2", 3);
        givenQueue(domain, "alpha", 1);
        givenQueue(domain, "beta", 2);
        givenQueue(domain, "alpha.1", 4);
        givenQueue(newDomain(), "other", 1);

        // When the domain's queues are listed
        Response r = given().get(QUEUES, domain);

        // Then each is summarized, sorted by name
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(mediaType(r)).isEqualTo("application/json");
        List<Map<String, Object>> list = r.jsonPath().getList("$");
        assertThat(list)
                .containsExactly(
                        Map.of("domain", domain, "queue", "alpha", "partitions", 1, "priority", 0),
                        Map.of("domain", domain, "queue", "alpha.1", "partitions", 4, "priority", 0),
                        Map.of("domain", domain, "queue", "beta", "partitions", 2, "priority", 0),
                        Map.of("domain", domain, "queue", "gamma-2", "partitions", 3, "priority", 0));
    }

    @Test
    void listOfAnUnknownDomainIsEmpty() {
        Response r = given().get(QUEUES, newDomain());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("$")).isEmpty();
    }

    @Test
    void deleteRemovesTheQueue() {
        // Given two queues
        String domain = newDomain();
        givenQueue(domain, "orders", 2);
        givenQueue(domain, "invoices", 2);

        // When one is deleted
        Response r = given().delete(QUEUE, domain, "orders");

        // Then the answer is 204 without a body, and only the other remains
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.asString()).isEmpty();
        assertNoQueue(domain, "orders");
        assertThat(queueNames(domain)).containsExactly("invoices");

        // And deleting it again is a 404 problem that changes nothing
        assertProblem(given().delete(QUEUE, domain, "orders"), 404, "orders");
        assertThat(queueNames(domain)).containsExactly("invoices");
    }

    @Test
    void aDeletedQueueCanBeCreatedAgain() {
        // Given a queue that was deleted
        String domain = newDomain();
        givenQueue(domain, "orders", 2);
        given().delete(QUEUE, domain, "orders").then().statusCode(204);

        // When it is put again, then it is created anew
        Response r = putQueue(domain, "orders", 3);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getList("assignments")).hasSize(3);
    }
}
