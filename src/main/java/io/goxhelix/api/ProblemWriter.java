package io.goxhelix.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;

/**
 * The one writer of problem+json answers. The exception mappers answer through JAX-RS, the body limit
 * and the event stream on Vert.x routes in front of it; all three take the document, its media type
 * and its headers from here, so that a problem reads the same whichever layer refused the request.
 * The document is written by a mapper of its own: what the application's JSON settings change about
 * other bodies never changes the shape of an error.
 */
final class ProblemWriter {

    private static final ObjectWriter JSON = new ObjectMapper().writerFor(Problem.class);

    private ProblemWriter() {}

    /** The document, UTF-8: {@code type}, {@code title}, {@code status}, {@code detail}, in that order. */
    static byte[] json(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // Three strings and an int: no value of a Problem can fail to serialise.
            throw new UncheckedIOException(e);
        }
    }

    /** The answer of an exception mapper; headers of its own can still be added by the caller. */
    static Response response(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(json(problem))
                .build();
    }

    /** Ends a response of a Vert.x route with the problem; headers set before the call are kept. */
    static void end(HttpServerResponse response, Problem problem) {
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(json(problem)));
    }
}
