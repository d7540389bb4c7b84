package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.access.Principal;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.InvalidNameException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The event-stream flavours of {@code GET .../ledger} and {@code GET .../view} (operators only), on
 * Vert.x routes in front of the JSON resources, as {@link AssignmentStreamRoute} does for assignments:
 * behind the framework's authentication, authorized before the stream opens.
 */
@ApplicationScoped
public class OperatorStreamRoute {

    private final OperatorStreams streams;
    private final Guard guard;

    OperatorStreamRoute(OperatorStreams streams, Guard guard) {
        this.streams = streams;
        this.guard = guard;
    }

    void install(@Observes Router router) {
        router.get("/api/v1/domains/:domain/ledger")
                .order(AssignmentStreamRoute.ORDER)
                .handler(ctx -> handle(ctx, true));
        router.get("/api/v1/domains/:domain/view")
                .order(AssignmentStreamRoute.ORDER)
                .handler(ctx -> handle(ctx, false));
    }

    private void handle(RoutingContext ctx, boolean ledger) {
        if (!AssignmentStreamRoute.wantsEventStream(ctx.request().getHeader("Accept"))) {
            ctx.next();
            return;
        }
        Principal caller;
        String domain;
        try {
            caller = guard.caller(ctx);
            Guard.check(caller, Action.LEDGER_READ, ctx.pathParam("domain"));
            domain = DomainName.of(ctx.pathParam("domain")).value();
        } catch (ApiException e) {
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(e));
            return;
        } catch (InvalidNameException e) {
            ProblemWriter.end(ctx.response(), ProblemMapper.problemOf(e));
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream;charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        if (ledger) {
            String resume = ctx.request().getHeader("Last-Event-ID");
            if (resume == null) {
                resume = ctx.request().getParam("after");
            }
            streams.subscribeLedger(domain, resume, response, caller);
        } else {
            streams.subscribeView(domain, response, caller);
        }
    }
}
