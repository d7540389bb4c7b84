package io.goxhelix.api;

import io.goxhelix.access.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The request rate of each principal on {@code /api/v1}: past its bucket, 429 with {@code Retry-After}
 * and nothing done. Runs after authentication and the permission check (so that the principal is
 * known, and an unauthenticated flood is refused by the 401 before any bucket is made for it), and
 * before everything else, the event-stream route included.
 */
@ApplicationScoped
public class RateLimitRoute {

    /** After authentication (-200) and the permission check (-100), before the stream route (-50). */
    static final int ORDER = -75;

    private final PrincipalLimits limits;
    private final Guard guard;

    RateLimitRoute(PrincipalLimits limits, Guard guard) {
        this.limits = limits;
        this.guard = guard;
    }

    void install(@Observes Router router) {
        router.route("/api/v1/*").order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Principal caller;
        try {
            caller = guard.caller(ctx);
        } catch (IllegalStateException e) {
            caller = null; // not authenticated here: the resource refuses it as it would anyway
        }
        if (caller == null) {
            ctx.next();
            return;
        }
        long wait = limits.takeRequest(caller.id());
        if (wait == 0) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Retry-After", Long.toString(wait));
        ProblemWriter.end(
                ctx.response(),
                Problem.of(
                        429,
                        "Too Many Requests",
                        "More than gox.limits.requests-per-second requests (burst gox.limits.request-burst) from"
                                + " this principal; retry after " + wait + " s"));
    }
}
