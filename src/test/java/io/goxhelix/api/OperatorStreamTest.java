package io.goxhelix.api;

import static io.goxhelix.api.Api.givenHeartbeat;
import static io.goxhelix.api.Api.givenQueue;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.newWorkerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperatorStreamTest {

    @TestHTTPResource("/")
    URI base;

    private URI ledger(String domain) {
        return base.resolve("/api/v1/domains/" + domain + "/ledger");
    }

    @Test
    void theLedgerStreamCarriesNewMovesAndResumesAfterTheLastEventId() {
        // Given a ledger stream of a fresh domain
        String d = newDomain();
        try (SseStream stream = SseStream.open(ledger(d))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.status() == 200);
            assertThat(stream.contentType()).startsWith("text/event-stream");

            // When a queue of two partitions is created and a worker joins
            givenQueue(d, "q", 2);
            String w = newWorkerId();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                givenHeartbeat(d, w, "q");
                assertThat(stream.events()).hasSize(2);
            });

            // Then each move is an event, with the entry's id
            List<SseStream.Event> events = stream.events();
            assertThat(events).allSatisfy(e -> {
                assertThat(e.name()).isEqualTo("move");
                JsonPath entry = JsonPath.from(e.data());
                assertThat(entry.getString("to")).isEqualTo(w);
                assertThat(entry.getString("reason")).isEqualTo("create");
                assertThat(entry.getString("id")).isEqualTo(e.id());
            });

            // And a stream resumed after the first gets the second only
            try (SseStream resumed = SseStream.open(ledger(d), events.get(0).id(), e -> {})) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(resumed.events()).hasSize(1));
                assertThat(resumed.events().get(0).id()).isEqualTo(events.get(1).id());
            }
        }
    }

    @Test
    void theViewStreamShowsANewQueueAndAJoiningWorker() {
        String d = newDomain();
        try (SseStream stream = SseStream.open(base.resolve("/api/v1/domains/" + d + "/view"))) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(stream.events()).isNotEmpty());
            assertThat(JsonPath.from(stream.events().get(0).data()).getList("queues"))
                    .isEmpty();

            givenQueue(d, "q", 3);
            String w = newWorkerId();
            givenHeartbeat(d, w, "q");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<SseStream.Event> events = stream.events();
                JsonPath view = JsonPath.from(events.get(events.size() - 1).data());
                assertThat(view.getString("queues[0].queue")).isEqualTo("q");
                assertThat(view.getString("workers[0].workerId")).isEqualTo(w);
                assertThat(view.getList("domains")).contains(d);
            });
        }
        assertThat(given().get("/api/v1/domains/{d}/view", d).jsonPath().getString("domain"))
                .isEqualTo(d);
    }

    @Test
    void aBadDomainIsAProblemBeforeTheStreamOpens() {
        try (SseStream stream = SseStream.open(ledger("_bad"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.status() > 0);
            assertThat(stream.status()).isEqualTo(400);
        }
    }
}
