package io.goxhelix.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.goxhelix.access.NewToken.InvalidTokenException;
import io.goxhelix.names.InvalidNameException;
import io.goxhelix.store.AckedVersionAheadException;
import io.goxhelix.store.DomainLimitException;
import io.goxhelix.store.ForeignWorkerException;
import io.goxhelix.store.NoLiveWorkerException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table from failures to problem+json answers: our own client errors, names that break their
 * rule, refusals of access (403; the 401s are the authentication mechanism's, {@link
 * BearerTokenMechanism}), the framework's (404, 405, 406, 415, ...), malformed JSON, and anything
 * unexpected (500, logged). The routes in front of the resources, which no mapper sees, take their
 * problems from here too ({@link #problemOf(InvalidNameException)}, {@link #problemOf(ApiException)},
 * {@link #bodyTooLarge(long)}). {@link ProblemWriter} writes them all.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return answer(problemOf(e));
    }

    /** Our own refusals (400, 403, 404, ...), as they say. */
    static Problem problemOf(ApiException e) {
        return Problem.of(e.status(), e.title(), e.getMessage());
    }

    /** A worker id that another principal registered: nothing was recorded or read. */
    @ServerExceptionMapper
    public Response foreignWorker(ForeignWorkerException e) {
        return answer(Problem.of(403, "Forbidden", e.getMessage()));
    }

    /** A drain or cordon of a worker that is not live: the transaction, audit line included, rolled back. */
    @ServerExceptionMapper
    public Response noLiveWorker(NoLiveWorkerException e) {
        return answer(Problem.of(404, "Not Found", e.getMessage()));
    }

    /** A domain at one of its limits: the request was understood and refused, nothing changed. */
    @ServerExceptionMapper
    public Response domainLimit(DomainLimitException e) {
        return answer(Problem.of(422, "Unprocessable Content", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidToken(InvalidTokenException e) {
        return answer(Problem.of(400, "Bad Request", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidName(InvalidNameException e) {
        return answer(problemOf(e));
    }

    /** A domain, queue or worker id refused at the edge; the name's rule says what was wrong. */
    static Problem problemOf(InvalidNameException e) {
        return Problem.of(400, "Bad Request", e.getMessage());
    }

    /** A body over {@code quarkus.http.limits.max-body-size}, refused before it reaches a resource. */
    static Problem bodyTooLarge(long max) {
        return Problem.of(413, "Request Entity Too Large", "The request body exceeds " + max + " bytes");
    }

    @ServerExceptionMapper
    public Response ackAhead(AckedVersionAheadException e) {
        return answer(Problem.of(409, "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return answer(Problem.of(400, "Bad Request", "Malformed JSON body: " + e.getOriginalMessage()));
    }

    /**
     * Well-formed JSON of the wrong shape or types ({@code "10"} for an integer, {@code [7]} for queue
     * names, an array for an object). Without this, the framework's own mapper answers plain JSON.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String detail;
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            detail = "Invalid JSON body: unexpected content after the JSON value";
        } else {
            StringBuilder at = new StringBuilder();
            for (JsonMappingException.Reference ref : e.getPath()) {
                if (ref.getFieldName() != null) {
                    at.append(at.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    at.append('[').append(ref.getIndex()).append(']');
                }
            }
            detail = "Invalid JSON body" + (at.isEmpty() ? "" : " at '" + at + "'") + ": expected "
                    + expected(e.getTargetType());
        }
        return answer(Problem.of(400, "Bad Request", detail));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        } else if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** HTTP requires a 405 to list the allowed methods, which the framework's exception does not carry. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Set<String> allowed = AllowedMethods.at(uri.getPath());
        Response problem = framework(e);
        return allowed.isEmpty()
                ? problem
                : Response.fromResponse(problem)
                        .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                        .build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        return answer(Problem.of(status, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected failure answering a request", e);
        return answer(Problem.of(500, "Internal Server Error", "The request could not be completed"));
    }

    private static Response answer(Problem problem) {
        return ProblemWriter.response(problem);
    }
}
