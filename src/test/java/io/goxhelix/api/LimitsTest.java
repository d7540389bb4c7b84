package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.BOOTSTRAP;
import static io.goxhelix.api.SecurityFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The limits of OWASP API4, small here: per domain 2 queues, 10 partitions and 2 workers (422,
 * nothing changed); per principal 1 open stream (429) and 5 requests/s with a burst of 20 (429 with
 * {@code Retry-After}).
 */
@QuarkusTest
@TestProfile(LimitsTest.Limited.class)
class LimitsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Authentication on, with small limits. */
    public static class Limited extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> all = new HashMap<>(super.getConfigOverrides());
            all.putAll(Map.of(
                    "gox.limits.max-queues-per-domain", "2",
                    "gox.limits.max-partitions-per-domain", "10",
                    "gox.limits.max-workers-per-domain", "2",
                    "gox.limits.max-streams-per-principal", "1",
                    "gox.limits.requests-per-second", "5",
                    "gox.limits.request-burst", "20"));
            return all;
        }
    }

    @TestHTTPResource("/")
    URI base;

    private static Response putQueue(String domain, String queue, int partitions) {
        return as(BOOTSTRAP).body(Map.of("partitions", partitions)).put(Api.QUEUE, domain, queue);
    }

    private static void assertUnprocessable(Response r, String limit) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(SecurityFixture.mediaType(r.contentType())).isEqualTo(SecurityFixture.PROBLEM_JSON);
        assertThat(r.jsonPath().getString("detail")).contains(limit);
    }

    @Test
    void aDomainHoldsNoMoreQueuesOrPartitionsThanItsLimitsAndARefusalChangesNothing() {
        // Given a domain with two queues of 4 partitions
        String d = SecurityFixture.newDomain();
        assertThat(putQueue(d, "a", 4).statusCode()).isEqualTo(201);
        assertThat(putQueue(d, "b", 4).statusCode()).isEqualTo(201);

        // When a third queue is created, or one grows past 10 partitions in all, then 422
        assertUnprocessable(putQueue(d, "c", 1), "max-queues-per-domain");
        assertUnprocessable(putQueue(d, "a", 7), "max-partitions-per-domain");

        // And nothing changed: no third queue, "a" still has 4, and a growth within the limit works
        assertThat(as(BOOTSTRAP).get(Api.QUEUE, d, "c").statusCode()).isEqualTo(404);
        assertThat(as(BOOTSTRAP).get(Api.QUEUE, d, "a").jsonPath().getInt("partitions"))
                .isEqualTo(4);
        assertThat(putQueue(d, "a", 6).statusCode()).isEqualTo(200);
    }

    @Test
    void aDomainRegistersNoMoreWorkersThanItsLimit() {
        // Given a domain with two workers
        String d = SecurityFixture.newDomain();
        String token = SecurityFixture.workerToken(d).header();
        String first = SecurityFixture.givenWorker(d, token);
        SecurityFixture.givenWorker(d, token);

        // When a third worker id heartbeats, then 422 and it is not registered
        String third = UUID.randomUUID().toString();
        Response refused = as(token).body(Map.of("queues", List.of("q"))).post(Api.HEARTBEAT, d, third);
        assertUnprocessable(refused, "max-workers-per-domain");
        List<String> live = as(token).get(Api.WORKERS, d).jsonPath().getList("workerId");
        assertThat(live).hasSize(2).doesNotContain(third);

        // And the workers already there keep heartbeating
        assertThat(as(token)
                        .body(Map.of("queues", List.of("q")))
                        .post(Api.HEARTBEAT, d, first)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPrincipalOpensNoMoreStreamsThanItsLimit() {
        // Given a worker token with one stream open
        String d = SecurityFixture.newDomain();
        String token = SecurityFixture.workerToken(d).header();
        URI a = base.resolve("/api/v1/domains/" + d + "/workers/" + UUID.randomUUID() + "/assignments");
        URI b = base.resolve("/api/v1/domains/" + d + "/workers/" + UUID.randomUUID() + "/assignments");
        try (SseStream first = SseStream.open(a, null, token, e -> {})) {
            await().atMost(PATIENCE).until(() -> first.status() == 200);

            // When it opens a second one, then 429
            try (SseStream second = SseStream.open(b, null, token, e -> {})) {
                await().atMost(PATIENCE).until(() -> second.status() != -1);
                assertThat(second.status()).isEqualTo(429);
            }
        }
        // And once the first is closed, a new one opens
        await().atMost(PATIENCE).until(() -> {
            try (SseStream again = SseStream.open(b, null, token, e -> {})) {
                await().atMost(PATIENCE).until(() -> again.status() != -1);
                return again.status() == 200;
            }
        });
    }

    @Test
    void aPrincipalPastItsRateIsAnswered429WithRetryAfter() {
        // Given a fresh worker token (a full bucket of 20)
        String d = SecurityFixture.newDomain();
        String token = SecurityFixture.workerToken(d).header();

        // When it sends 100 requests in a row (faster than 5/s refill them)
        int ok = 0;
        Response limited = null;
        for (int i = 0; i < 100; i++) {
            Response r = as(token).get(Api.QUEUES, d);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }

        // Then the burst went through, and what the refill did not cover was refused with 429 and Retry-After
        assertThat(ok).isGreaterThanOrEqualTo(20).isLessThan(100);
        assertThat(limited).isNotNull();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(SecurityFixture.mediaType(limited.contentType())).isEqualTo(SecurityFixture.PROBLEM_JSON);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();

        // And another principal is not affected
        assertThat(as(SecurityFixture.workerToken(d).header())
                        .get(Api.QUEUES, d)
                        .statusCode())
                .isEqualTo(200);
    }
}
