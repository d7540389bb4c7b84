package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.as;
import static io.goxhelix.api.SecurityFixture.givenQueue;
import static io.goxhelix.api.SecurityFixture.givenWorker;
import static io.goxhelix.api.SecurityFixture.newDomain;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/** JWTs of an identity provider, beside the service's own tokens: who they let in, and who not. */
@QuarkusTest
@TestProfile(JwtAuthTest.Profile.class)
class JwtAuthTest {

    static final String ISSUER = "https://idp.example.test";
    static final KeyPair ISSUER_KEYS = rsa();
    static final KeyPair OTHER_KEYS = rsa();

    /** Authentication on, with the test issuer's public key and its name. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gox.auth.enabled",
                    "true",
                    "gox.auth.bootstrap-token",
                    SecuredProfile.BOOTSTRAP,
                    "gox.auth.jwt.public-key",
                    pem(ISSUER_KEYS),
                    "gox.auth.jwt.issuer",
                    ISSUER);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A signed token; {@code claims} are set on top of iss, sub and an exp a minute away. */
    private static String jwt(PrivateKey key, String subject, Map<String, Object> claims) {
        try {
            JwtClaims c = new JwtClaims();
            c.setIssuer(ISSUER);
            c.setSubject(subject);
            c.setExpirationTimeMinutesInTheFuture(1);
            claims.forEach(c::setClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(c.toJson());
            jws.setKey(key);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return "Bearer " + jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String worker(String subject, Object domains) {
        return jwt(ISSUER_KEYS.getPrivate(), subject, Map.of("gox_role", "worker", "gox_domains", domains));
    }

    private static Response heartbeat(String authorization, String domain, String workerId) {
        return as(authorization).body(Map.of("queues", List.of("q"))).post(Api.HEARTBEAT, domain, workerId);
    }

    @Test
    void anOperatorJwtAdministers() {
        String operator = jwt(ISSUER_KEYS.getPrivate(), "ops@example.test", Map.of("gox_role", "operator"));

        assertThat(as(operator).get("/api/v1/cluster").statusCode()).isEqualTo(200);
        assertThat(as(operator)
                        .body(Map.of("partitions", 2))
                        .put(Api.QUEUE, newDomain(), "q")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void aWorkerJwtActsInItsDomainsOnlyAndOnItsOwnWorkerIdsOnly() {
        // Given a domain with a queue, and a worker JWT for it (its domains as a list)
        String d = newDomain();
        givenQueue(d, "q", 2);
        String alice = worker("alice", List.of(d));

        // When it registers a worker id, Then it may; another domain and administration are 403
        String id = givenWorker(d, alice);
        assertThat(heartbeat(alice, newDomain(), UUID.randomUUID().toString()).statusCode())
                .isEqualTo(403);
        assertThat(as(alice)
                        .body(Map.of("partitions", 2))
                        .put(Api.QUEUE, d, "q")
                        .statusCode())
                .isEqualTo(403);

        // And another subject's JWT for the same domain (its domains as a string) may not act on that id
        String bob = worker("bob", d + " other-domain");
        assertThat(heartbeat(bob, d, id).statusCode()).isEqualTo(403);
        assertThat(heartbeat(worker("alice", List.of(d)), d, id).statusCode())
                .as("a new token of the same subject is the same principal")
                .isEqualTo(200);
    }

    @Test
    void badJwtsAre401AndChangeNothing() {
        String d = newDomain();
        givenQueue(d, "q", 2);
        String id = UUID.randomUUID().toString();
        Map<String, Object> asWorker = Map.of("gox_role", "worker", "gox_domains", List.of(d));
        List<String> refused = List.of(
                jwt(OTHER_KEYS.getPrivate(), "mallory", asWorker), // signed by another key
                jwt(ISSUER_KEYS.getPrivate(), "alice", Map.of("gox_role", "worker")), // a worker without domains
                jwt(ISSUER_KEYS.getPrivate(), "alice", Map.of("gox_role", "admin")), // an unknown role
                jwt(
                        ISSUER_KEYS.getPrivate(),
                        "alice",
                        Map.of("gox_role", "worker", "gox_domains", List.of("bad name"))),
                jwt(
                        ISSUER_KEYS.getPrivate(),
                        "alice",
                        Map.of("gox_role", "worker", "gox_domains", List.of(d), "iss", "https://other")),
                jwt(
                        ISSUER_KEYS.getPrivate(),
                        "alice",
                        Map.of("gox_role", "worker", "gox_domains", List.of(d), "exp", 1_000_000_000L)),
                "Bearer a.b.c");

        for (String authorization : refused) {
            Response r = heartbeat(authorization, d, id);

            assertThat(r.statusCode()).as(authorization).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        List<String> live = as(SecurityFixture.BOOTSTRAP)
                .get("/api/v1/domains/{d}/workers", d)
                .jsonPath()
                .getList("workerId");
        assertThat(live).doesNotContain(id);
    }
}
