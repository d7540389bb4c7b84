package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.BOOTSTRAP;
import static io.goxhelix.api.SecurityFixture.as;
import static io.goxhelix.api.SecurityFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.api.SecurityFixture.Issued;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token API: the secret shown once and kept as a digest, validation, revocation, ownership. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class TokenApiSecurityTest {

    private static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSecretIsShownOnceAndTheDatabaseKeepsOnlyItsDigest() throws Exception {
        String d = SecurityFixture.newDomain();

        Response created = as(BOOTSTRAP)
                .body(Map.of("name", "fleet-eu", "role", "worker", "domains", List.of(d), "expiresIn", "P1D"))
                .post("/api/v1/tokens");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String id = created.jsonPath().getString("id");
        String secret = created.jsonPath().getString("secret");
        assertThat(secret).matches("gox_[A-Za-z0-9_-]{43}");
        assertThat(created.jsonPath().getString("role")).isEqualTo("worker");
        assertThat(created.jsonPath().getList("domains")).containsExactly(d);
        assertThat(created.jsonPath().getString("createdBy")).isEqualTo("bootstrap");
        assertThat(Instant.parse(created.jsonPath().getString("expiresAt")))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        String listed = as(BOOTSTRAP).get("/api/v1/tokens").asString();
        assertThat(listed)
                .contains(id)
                .doesNotContain(secret)
                .doesNotContain(sha256(secret))
                .doesNotContain("secret");
        String stored = row("SELECT * FROM api_tokens WHERE id = '" + id + "'");
        assertThat(stored).doesNotContain(secret.substring(4)).contains(sha256(secret));

        assertThat(as("Bearer " + secret).get(Api.QUEUES, d).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"role\": \"worker\", \"domains\": [\"d\"]}",
                "{\"name\": \"bad name\", \"role\": \"worker\", \"domains\": [\"d\"]}",
                "{\"name\": \"n\", \"domains\": [\"d\"]}",
                "{\"name\": \"n\", \"role\": \"admin\", \"domains\": [\"d\"]}",
                "{\"name\": \"n\", \"role\": \"worker\"}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": []}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"_d\"]}",
                "{\"name\": \"n\", \"role\": \"operator\", \"domains\": [\"d\"]}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"d\"], \"expiresIn\": \"tomorrow\"}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"d\"], \"expiresIn\": \"-PT1H\"}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"d\"], \"expiresAt\": \"2001-01-01T00:00:00Z\"}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"d\"], \"expiresAt\": \"soon\"}",
                "{\"name\": \"n\", \"role\": \"worker\", \"domains\": [\"d\"], \"expiresIn\": \"P1D\","
                        + " \"expiresAt\": \"2100-01-01T00:00:00Z\"}",
                "{\"name\": 7, \"role\": \"worker\", \"domains\": [\"d\"]}",
                "[]",
                "null"
            })
    void anInvalidRequestIsA400AndCreatesNothing(String body) {
        long before = Long.parseLong(row("SELECT COUNT(*) FROM api_tokens"));

        Response r = as(BOOTSTRAP).body(body).post("/api/v1/tokens");

        Api.assertProblem(r, 400);
        assertThat(Long.parseLong(row("SELECT COUNT(*) FROM api_tokens"))).isEqualTo(before);
    }

    @Test
    void revocationIsIdempotentAndAnUnknownTokenIs404() {
        Issued t = SecurityFixture.workerToken(SecurityFixture.newDomain());

        assertThat(as(BOOTSTRAP).delete("/api/v1/tokens/{id}", t.id()).statusCode())
                .isEqualTo(204);
        assertThat(as(BOOTSTRAP).delete("/api/v1/tokens/{id}", t.id()).statusCode())
                .isEqualTo(204);
        Api.assertProblem(
                as(BOOTSTRAP).delete("/api/v1/tokens/{id}", UUID.randomUUID().toString()), 404);
        Api.assertProblem(as(BOOTSTRAP).delete("/api/v1/tokens/{id}", "bootstrap"), 404);

        Map<String, Object> listed =
                as(BOOTSTRAP).get("/api/v1/tokens").jsonPath().getMap("find { it.id == '" + t.id() + "' }");
        assertThat(listed.get("revokedAt")).isNotNull();
    }

    @Test
    void anIssuedOperatorTokenAdministersAndIsNamedAsCreator() {
        Issued ops = SecurityFixture.operatorToken();

        Response r = as(ops.header())
                .body(Map.of("name", "made-by-ops", "role", "worker", "domains", List.of("d")))
                .post("/api/v1/tokens");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getString("createdBy")).isEqualTo(ops.id());
    }

    @Test
    void aWorkerIdRegisteredWithoutAuthenticationIsClaimedByTheFirstPrincipalThatHeartbeatsIt() {
        String d = SecurityFixture.newDomain();
        Issued a = SecurityFixture.workerToken(d);
        Issued b = SecurityFixture.workerToken(d);
        String worker = SecurityFixture.givenWorker(d, a.header());
        // As a row written while authentication was off.
        SecurityFixture.execute("UPDATE workers SET registered_by = NULL WHERE worker_id = '" + worker + "'");
        Map<String, Object> beat = Map.of("queues", List.of("q"));

        assertThat(as(b.header()).body(beat).post(Api.HEARTBEAT, d, worker).statusCode())
                .isEqualTo(200);

        assertThat(row("SELECT registered_by FROM workers WHERE worker_id = '" + worker + "'"))
                .isEqualTo(b.id());
        Api.assertProblem(as(a.header()).body(beat).post(Api.HEARTBEAT, d, worker), 403);
        assertThat(as(BOOTSTRAP).body(beat).post(Api.HEARTBEAT, d, worker).statusCode())
                .isEqualTo(200);
        assertThat(row("SELECT registered_by FROM workers WHERE worker_id = '" + worker + "'"))
                .isEqualTo(b.id());
    }
}
