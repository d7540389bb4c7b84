package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.api.SecurityFixture.Issued;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A revoked or expired token stops working and its open streams end: at once on the instance that
 * revoked it, and on the others within the revocation poll (here: a revocation written to the
 * database directly, as another instance writes it).
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecurityRevocationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    /** A stream of a fresh worker, registered by the token's holder, that has delivered its snapshot. */
    private BearerStream openStream(String domain, Issued token) {
        String worker = SecurityFixture.givenWorker(domain, token.header());
        BearerStream stream = BearerStream.open(base, domain, worker, token.header());
        await().atMost(PATIENCE).until(() -> stream.lines().contains("event: assignment"));
        assertThat(stream.status()).isEqualTo(200);
        return stream;
    }

    private static void assertRefused(String domain, Issued token) {
        assertThat(as(token.header()).get(Api.QUEUES, domain).statusCode()).isEqualTo(401);
    }

    @Test
    void revokingATokenEndsItsStreamsAndRefusesItFromThenOn() throws Exception {
        String d = SecurityFixture.newDomain();
        Issued token = SecurityFixture.workerToken(d);
        Issued other = SecurityFixture.workerToken(d);
        try (BearerStream mine = openStream(d, token);
                BearerStream theirs = openStream(d, other)) {

            SecurityFixture.revoke(token);

            await().atMost(PATIENCE).until(mine::ended);
            assertRefused(d, token);
            assertThat(theirs.ended()).as("another token's stream").isFalse();
            assertThat(as(other.header()).get(Api.QUEUES, d).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRevocationWrittenByAnotherInstanceIsFollowedWithinThePoll() throws Exception {
        String d = SecurityFixture.newDomain();
        Issued token = SecurityFixture.workerToken(d);
        try (BearerStream stream = openStream(d, token)) {
            assertThat(as(token.header()).get(Api.QUEUES, d).statusCode()).isEqualTo(200);

            long start = System.nanoTime();
            SecurityFixture.execute(
                    "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP(3) WHERE id = '" + token.id() + "'");

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(stream::ended);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[revocation] a revocation in the database ended the stream after %d ms%n", millis);
            assertRefused(d, token);
        }
    }

    @Test
    void aTokenThatExpiresWhileInUseIsRefusedAndItsStreamEnds() throws Exception {
        String d = SecurityFixture.newDomain();
        Issued token = SecurityFixture.token(
                Map.of("name", "short-lived", "role", "worker", "domains", java.util.List.of(d), "expiresIn", "PT5S"));
        try (BearerStream stream = openStream(d, token)) {

            await().atMost(PATIENCE).until(stream::ended);

            assertRefused(d, token);
        }
    }
}
