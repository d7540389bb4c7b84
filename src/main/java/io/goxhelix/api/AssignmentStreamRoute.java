package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.access.Principal;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.WorkerId;
import io.goxhelix.store.ForeignWorkerException;
import io.goxhelix.store.WorkerStore;
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
 *
 * <p>The route sits behind the framework's authentication and the permission on {@code /api/v1/*}
 * (so an unauthenticated request never reaches it), and authorizes as the resource does: the
 * domain, then the worker id's owner, before the stream opens. A stream remembers its token, so
 * that revoking the token ends it.
 */
@ApplicationScoped
public class AssignmentStreamRoute {

    private static final String EVENT_STREAM = "text/event-stream";

    /** After authentication (-200) and the permission check (-100), before the REST resources. */
    static final int ORDER = -50;

    private final AssignmentStreams streams;
    private final WorkerStore workers;
    private final Guard guard;
    private final PrincipalLimits limits;

    AssignmentStreamRoute(AssignmentStreams streams, WorkerStore workers, Guard guard, PrincipalLimits limits) {
        this.streams = streams;
        this.workers = workers;
        this.guard = guard;
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.get("/api/v1/domains/:domain/workers/:workerId/assignments")
                .order(ORDER)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!wantsEventStream(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        Principal caller;
        String domain;
        String workerId;
        try {
            caller = guard.caller(ctx);
            Guard.check(caller, Action.ASSIGNMENT_READ, ctx.pathParam("domain"));
            domain = DomainName.of(ctx.pathParam("domain")).value();
            workerId = WorkerId.parse(ctx.pathParam("workerId")).value();
        } catch (ApiException e) {
            // This route runs before the resources, where no exception mapper would see the failure.
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(e));
            return;
        } catch (InvalidNameException e) {
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(e));
            return;
        }
        // Counted from here; the count is given back when the stream ends, or at once if it never opens.
        if (caller != null && !limits.openStream(caller.id())) {
            tooManyStreams(ctx);
            return;
        }
        workers.requireOwner(domain, workerId, caller)
                .subscribe()
                .with(ignored -> open(ctx, domain, workerId, caller), failure -> {
                    uncount(caller);
                    refuse(ctx, failure);
                });
    }

    private void tooManyStreams(RoutingContext ctx) {
        ctx.response().putHeader("Retry-After", "1");
        ProblemWriter.end(
                ctx.response(),
                Problem.of(
                        429,
                        "Too Many Requests",
                        "This principal has " + limits.maxStreams() + " streams open on this instance, the most"
                                + " allowed (gox.limits.max-streams-per-principal)"));
    }

    private void uncount(Principal caller) {
        if (caller != null) {
            limits.streamClosed(caller.id());
        }
    }

    private void open(RoutingContext ctx, String domain, String workerId, Principal caller) {
        if (ctx.response().closed()) {
            uncount(caller);
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", EVENT_STREAM + ";charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // Sends the headers now, so that a client whose Last-Event-ID is current sees the stream open.
        response.write(": connected\n\n");
        streams.subscribe(domain, workerId, ctx.request().getHeader("Last-Event-ID"), response, caller);
    }

    private static void refuse(RoutingContext ctx, Throwable failure) {
        if (ctx.response().closed() || ctx.response().headWritten()) {
            return;
        }
        if (failure instanceof ForeignWorkerException e) {
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(ApiException.forbidden(e.getMessage())));
        } else {
            ctx.fail(failure);
        }
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
