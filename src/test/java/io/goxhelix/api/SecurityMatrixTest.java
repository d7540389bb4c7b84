package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.BOOTSTRAP;
import static io.goxhelix.api.SecurityFixture.CHALLENGE;
import static io.goxhelix.api.SecurityFixture.PROBLEM_JSON;
import static io.goxhelix.api.SecurityFixture.as;
import static io.goxhelix.api.SecurityFixture.auditLines;
import static io.goxhelix.api.SecurityFixture.mediaType;
import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.api.SecurityFixture.Answer;
import io.goxhelix.api.SecurityFixture.Issued;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of API v1 for every kind of caller: without a token, with a malformed header, an
 * unknown, expired or revoked token, a worker of another domain, a worker of the same domain acting
 * on another principal's worker id, the worker id's owner, and operators (the bootstrap token and
 * an issued one). Each case checks the status, the problem document (and the challenge on a 401),
 * and, for a refusal, that what the request would have changed is as it was and that only a
 * refused administrative action left an audit line.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecurityMatrixTest {

    /** Tokens and data every case shares, made once through the API. */
    record World(
            String domain,
            String otherDomain,
            Issued owner,
            Issued sameDomain,
            Issued otherDomainWorker,
            Issued expired,
            Issued revoked,
            Issued operator) {

        private static World world;

        static synchronized World get() {
            if (world == null) {
                String d = SecurityFixture.newDomain();
                String e = SecurityFixture.newDomain();
                SecurityFixture.givenQueue(d, "q", 3);
                Issued expired = SecurityFixture.workerToken(d);
                // Expired before its first use, so that no instance has it in memory as valid.
                SecurityFixture.execute("UPDATE api_tokens SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND"
                        + " WHERE id = '" + expired.id() + "'");
                Issued revoked = SecurityFixture.workerToken(d);
                assertThat(as(revoked.header()).get(Api.QUEUES, d).statusCode()).isEqualTo(200);
                SecurityFixture.revoke(revoked);
                world = new World(
                        d,
                        e,
                        SecurityFixture.workerToken(d),
                        SecurityFixture.workerToken(d),
                        SecurityFixture.workerToken(e),
                        expired,
                        revoked,
                        SecurityFixture.operatorToken());
            }
            return world;
        }
    }

    enum Caller {
        NO_TOKEN(Kind.UNAUTHENTICATED),
        MALFORMED_HEADER(Kind.UNAUTHENTICATED),
        UNKNOWN_TOKEN(Kind.UNAUTHENTICATED),
        EXPIRED_TOKEN(Kind.UNAUTHENTICATED),
        REVOKED_TOKEN(Kind.UNAUTHENTICATED),
        WORKER_OF_ANOTHER_DOMAIN(Kind.OUTSIDER),
        WORKER_OF_THE_DOMAIN_NOT_OWNER(Kind.NEIGHBOUR),
        WORKER_OWNER(Kind.OWNER),
        BOOTSTRAP_OPERATOR(Kind.OPERATOR),
        ISSUED_OPERATOR(Kind.OPERATOR);

        enum Kind {
            UNAUTHENTICATED,
            OUTSIDER,
            NEIGHBOUR,
            OWNER,
            OPERATOR
        }

        final Kind kind;

        Caller(Kind kind) {
            this.kind = kind;
        }

        String header(World w) {
            return switch (this) {
                case NO_TOKEN -> null;
                case MALFORMED_HEADER -> "Basic dXNlcjpwYXNz";
                case UNKNOWN_TOKEN -> "Bearer " + SecurityFixture.unknownToken();
                case EXPIRED_TOKEN -> w.expired().header();
                case REVOKED_TOKEN -> w.revoked().header();
                case WORKER_OF_ANOTHER_DOMAIN -> w.otherDomainWorker().header();
                case WORKER_OF_THE_DOMAIN_NOT_OWNER -> w.sameDomain().header();
                case WORKER_OWNER -> w.owner().header();
                case BOOTSTRAP_OPERATOR -> BOOTSTRAP;
                case ISSUED_OPERATOR -> w.operator().header();
            };
        }
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(Caller.values())
                .flatMap(c -> Arrays.stream(Endpoint.values()).map(e -> Arguments.of(c, e)));
    }

    /** The status the promise gives {@code caller} on {@code endpoint}. */
    static int expected(Caller caller, Endpoint endpoint) {
        return switch (caller.kind) {
            case UNAUTHENTICATED -> 401;
            case OUTSIDER -> 403;
            case NEIGHBOUR -> endpoint.workerMay && !endpoint.ownWorkerOnly ? endpoint.ok : 403;
            case OWNER -> endpoint.workerMay ? endpoint.ok : 403;
            case OPERATOR -> endpoint.ok;
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyEndpointAnswersEveryCallerAsPromised(Caller caller, Endpoint endpoint) {
        World w = World.get();
        String target = endpoint.prepare(w);
        String before = endpoint.state(w, target);
        long audited = auditLines();

        Answer answer = endpoint.call(w, target, caller.header(w));

        int expected = expected(caller, endpoint);
        assertThat(answer.status())
                .as("%s %s: %s", caller, endpoint, answer.body())
                .isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertProblem(answer, expected);
            assertThat(endpoint.state(w, target)).as("state after the refusal").isEqualTo(before);
            boolean auditsRefusal = expected == 403 && endpoint.administrative;
            assertThat(auditLines()).as("audit lines").isEqualTo(audited + (auditsRefusal ? 1 : 0));
        }
    }

    private static void assertProblem(Answer a, int status) {
        assertThat(mediaType(a.contentType())).isEqualTo(PROBLEM_JSON);
        JsonPath problem = JsonPath.from(a.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isEqualTo(status == 401 ? "Unauthorized" : "Forbidden");
        assertThat(problem.getString("detail")).isNotBlank();
        if (status == 401) {
            assertThat(a.challenge()).startsWith(CHALLENGE);
        } else {
            assertThat(a.challenge()).isNull();
        }
    }
}
