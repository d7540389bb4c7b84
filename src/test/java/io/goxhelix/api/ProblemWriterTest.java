package io.goxhelix.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.QueueName;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every layer that refuses a request answers the same problem document, media type and headers. */
class ProblemWriterTest {

    private static final Problem QUOTED = Problem.of(400, "Bad Request", "Invalid queue name 'a\"b'");
    private static final String QUOTED_JSON =
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Invalid queue name 'a\\\"b'\"}";

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void theDocumentHasTheFieldsOfRfc9457InOrderWithTheDetailEscaped() {
        String json = new String(ProblemWriter.json(QUOTED), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo(QUOTED_JSON);
    }

    @Test
    void aMissingDetailIsWrittenAsNull() {
        String json =
                new String(ProblemWriter.json(Problem.of(500, "Internal Server Error", null)), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,\"detail\":null}");
    }

    @Test
    void anExceptionMapperAnswersTheDocumentAsProblemJson() {
        Response r = ProblemWriter.response(QUOTED);

        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getMediaType()).hasToString("application/problem+json");
        assertThat(new String((byte[]) r.getEntity(), StandardCharsets.UTF_8)).isEqualTo(QUOTED_JSON);
    }

    @Test
    void aRouteEndsItsResponseWithTheSameDocumentAndKeepsItsOwnHeaders() throws Exception {
        // Given a route that closes the connection, as the body limit does, and answers a problem
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> {
                    req.response().putHeader("Connection", "close");
                    ProblemWriter.end(req.response(), QUOTED);
                })
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get();

        // When it is asked
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        // Then it answers what an exception mapper answers, with the route's header kept
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        assertThat(r.body()).isEqualTo(QUOTED_JSON);
    }

    @Test
    void aNameThatBreaksItsRuleIsABadRequestWithTheRuleAsDetail() {
        InvalidNameException e = catchThrowableOfType(InvalidNameException.class, () -> QueueName.of("_q"));

        Problem problem = ProblemMapper.problemOf(e);

        assertThat(problem)
                .isEqualTo(Problem.of(
                        400, "Bad Request", "Invalid queue name '_q': expected ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
        assertThat(new ProblemMapper().invalidName(e).getStatus()).isEqualTo(400);
    }
}
