package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.testing.DatabaseResource;
import io.goxhelix.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Tokens, requests and database probes shared by the security tests (authentication on). */
final class SecurityFixture {

    static final String BOOTSTRAP = "Bearer " + SecuredProfile.BOOTSTRAP;
    static final String CHALLENGE = "Bearer realm=\"gox-helix\"";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SecurityFixture() {}

    /** What an answer was, whichever client read it. */
    record Answer(int status, String contentType, String challenge, String body) {

        static Answer of(Response r) {
            return new Answer(r.statusCode(), r.contentType(), r.header("WWW-Authenticate"), r.asString());
        }
    }

    /** A created token: its id and its {@code Authorization} header. */
    record Issued(String id, String header) {}

    static RequestSpecification as(String authorization) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return authorization == null ? spec : spec.header("Authorization", authorization);
    }

    static String newDomain() {
        return "s-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A token of the service's own shape that was never issued. */
    static String unknownToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "gox_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Issued workerToken(String... domains) {
        return token(Map.of(
                "name",
                "w-" + UUID.randomUUID().toString().substring(0, 8),
                "role",
                "worker",
                "domains",
                List.of(domains)));
    }

    static Issued operatorToken() {
        return token(Map.of("name", "ops-" + UUID.randomUUID().toString().substring(0, 8), "role", "operator"));
    }

    static Issued token(Map<String, Object> body) {
        Response r = as(BOOTSTRAP).body(body).post("/api/v1/tokens");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return new Issued(r.jsonPath().getString("id"), "Bearer " + r.jsonPath().getString("secret"));
    }

    static void revoke(Issued token) {
        assertThat(as(BOOTSTRAP).delete("/api/v1/tokens/{id}", token.id()).statusCode())
                .isEqualTo(204);
    }

    static void givenQueue(String domain, String queue, int partitions) {
        Response r = as(BOOTSTRAP).body(Map.of("partitions", partitions)).put(Api.QUEUE, domain, queue);
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    /** A worker id registered by the holder of {@code token}, serving queue {@code q}. */
    static String givenWorker(String domain, String token) {
        String id = UUID.randomUUID().toString();
        Response r = as(token).body(Map.of("queues", List.of("q"))).post(Api.HEARTBEAT, domain, id);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return id;
    }

    /**
     * Opens the event stream and reads only the head of the answer (a granted stream stays open):
     * the status, the headers, and for a refusal the body.
     */
    static Answer stream(URI base, String domain, String workerId, String authorization) {
        return streamAt(base, "/api/v1/domains/" + domain + "/workers/" + workerId + "/assignments", authorization);
    }

    /** Opens the event stream at {@code path}: its status, and its body unless the stream opened. */
    static Answer streamAt(URI base, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<java.io.InputStream> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = r.headers().firstValue("Content-Type").orElse("");
            String body = "";
            try (var in = r.body()) {
                if (r.statusCode() != 200) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(
                    r.statusCode(),
                    type,
                    r.headers().firstValue("WWW-Authenticate").orElse(null),
                    body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The media type of an answer, without parameters. */
    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    /** One row of a query on the test database, its columns joined with '|'; "" for no row. */
    /** The first column of every row {@code sql} returns. */
    static java.util.List<String> column(String sql) {
        TestDatabase db = DatabaseResource.current();
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                var s = c.createStatement();
                var rows = s.executeQuery(sql)) {
            java.util.List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }

    static String row(String sql) {
        TestDatabase db = DatabaseResource.current();
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                var s = c.createStatement();
                var rows = s.executeQuery(sql)) {
            if (!rows.next()) {
                return "";
            }
            StringBuilder joined = new StringBuilder();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                joined.append(i == 1 ? "" : "|").append(rows.getString(i));
            }
            return joined.toString();
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }

    static void execute(String sql) {
        DatabaseResource.current().executeInDatabase(sql);
    }

    static long auditLines() {
        return DatabaseResource.current().queryLong("SELECT COUNT(*) FROM audit_log");
    }
}
