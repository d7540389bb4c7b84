package io.goxhelix.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The event-stream flavour of {@code GET .../workers/{workerId}/assignments}, served on a Vert.x route
 * in front of the REST resource: it writes the SSE wire format exactly as documented and keeps an
 * idle stream down to its connection. Requests that do not ask for {@code text/event-stream} (no
 * Accept, {@code *}{@code /*}, JSON) fall through to the JSON resource.
 */
@ApplicationScoped
public class AssignmentStreamRoute {

    private static final String EVENT_STREAM = "text/event-stream";

    private final AssignmentStreams streams;
    private final ObjectMapper json;

    AssignmentStreamRoute(AssignmentStreams streams, ObjectMapper json) {
        this.streams = streams;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get("/api/v1/domains/:domain/workers/:workerId/assignments")
                .order(-100)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!wantsEventStream(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        String domain;
        String workerId;
        try {
            domain = Names.domain(ctx.pathParam("domain"));
            workerId = Names.workerId(ctx.pathParam("workerId"));
        } catch (ApiException e) {
            problem(ctx.response(), Problem.of(e.status(), e.title(), e.getMessage()));
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", EVENT_STREAM + ";charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // Sends the headers now, so that a client whose Last-Event-ID is current sees the stream open.
        response.write(": connected\n\n");
        streams.subscribe(domain, workerId, ctx.request().getHeader("Last-Event-ID"), response);
    }

    /** True when the client asks for an event stream and does not prefer JSON. */
    static boolean wantsEventStream(String accept) {
        if (accept == null) {
            return false;
        }
        double sse = -1;
        double other = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals(EVENT_STREAM)) {
                sse = Math.max(sse, q);
            } else if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
                other = Math.max(other, q);
            }
        }
        return sse > 0 && sse > other;
    }

    private void problem(HttpServerResponse response, Problem problem) {
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
