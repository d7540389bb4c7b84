package io.goxhelix.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body over {@code quarkus.http.limits.max-body-size} with a 413 problem, where the
 * framework would answer the same status with an empty body. Runs just before the framework's own
 * check: a declared length is judged at once; a chunked body is read here, up to the limit, and handed
 * on in full (see {@code quarkus.rest.input-buffer-size}).
 */
@ApplicationScoped
class BodyLimit {

    private final Optional<MemorySize> limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.limit = limit;
    }

    void install(@Observes Router router) {
        limit.ifPresent(max -> {
            BodyHandler chunked = BodyHandler.create(false).setBodyLimit(max.asLongValue());
            router.route()
                    .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                    .handler(ctx -> check(ctx, max.asLongValue(), chunked))
                    .failureHandler(ctx -> failed(ctx, max.asLongValue()));
        });
    }

    private void check(RoutingContext ctx, long max, BodyHandler chunked) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            chunked.handle(ctx);
        } else if (length != null && exceeds(length, max)) {
            tooLarge(ctx, max);
        } else {
            ctx.next();
        }
    }

    private void failed(RoutingContext ctx, long max) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            tooLarge(ctx, max);
        } else if (!(ctx.response().ended()
                && ctx.response().getStatusCode() == 413
                && ctx.failure() instanceof HttpClosedException)) {
            // (The rest of a chunked body cut off by the close after a 413 is no error to log.)
            ctx.next();
        }
    }

    private static void tooLarge(RoutingContext ctx, long max) {
        // As the framework does: the unread body would be taken for the next request, so close.
        ctx.response()
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> ctx.request().connection().close());
        ProblemWriter.end(ctx.response(), ProblemMapper.bodyTooLarge(max));
    }

    private static boolean exceeds(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
