package io.goxhelix.api;

import io.goxhelix.names.DomainName;
import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.WorkerId;
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

    AssignmentStreamRoute(AssignmentStreams streams) {
        this.streams = streams;
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
            domain = DomainName.of(ctx.pathParam("domain")).value();
            workerId = WorkerId.parse(ctx.pathParam("workerId")).value();
        } catch (InvalidNameException e) {
            // This route runs before the resources, where no exception mapper would see the failure.
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(e));
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
}
