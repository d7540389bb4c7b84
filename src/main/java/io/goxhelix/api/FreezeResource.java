package io.goxhelix.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.goxhelix.GoxConfig;
import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.PlannedEventStore;
import io.goxhelix.store.PlannedEventStore.Freeze;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A domain's freeze (operators): no moves for balance until it ends, by itself after the length asked
 * for (at most {@code gox.coordinator.max-freeze}) or when it is deleted; partitions of departed or
 * draining workers still move.
 */
@Path("/api/v1/domains/{domain}/freeze")
@Produces(MediaType.APPLICATION_JSON)
public class FreezeResource {

    private final PlannedEventStore planned;
    private final GoxConfig config;
    private final Guard guard;

    FreezeResource(PlannedEventStore planned, GoxConfig config, Guard guard) {
        this.planned = planned;
        this.config = config;
        this.guard = guard;
    }

    /** Body of PUT: how long, as an ISO-8601 duration ({@code "PT10M"}). */
    public record FreezeRequest(@JsonProperty("for") String length) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Freeze> freeze(@PathParam("domain") String domain, FreezeRequest body) {
        return guard.requireAdmin(Action.DOMAIN_FREEZE, domain, domain).flatMap(caller -> {
            String d = DomainName.of(domain).value();
            Duration length = lengthOf(body, config.coordinator().maxFreeze());
            AuditEvent audit = Guard.event(caller, Action.DOMAIN_FREEZE, d, "for=" + length);
            return planned.freeze(d, length, audit).invoke(() -> Guard.logged(audit));
        });
    }

    @GET
    public Uni<Freeze> get(@PathParam("domain") String domain) {
        guard.require(Action.QUEUE_READ, domain);
        return planned.freeze(DomainName.of(domain).value());
    }

    @DELETE
    public Uni<Response> thaw(@PathParam("domain") String domain) {
        return guard.requireAdmin(Action.DOMAIN_FREEZE, domain, domain).flatMap(caller -> {
            String d = DomainName.of(domain).value();
            AuditEvent audit = Guard.event(caller, Action.DOMAIN_FREEZE, d, "end");
            return planned.thaw(d, audit)
                    .invoke(() -> Guard.logged(audit))
                    .replaceWith(Response.noContent().build());
        });
    }

    static Duration lengthOf(FreezeRequest body, Duration max) {
        if (body == null || body.length() == null) {
            throw ApiException.badRequest("The body must be {\"for\": \"PT10M\"} (an ISO-8601 duration)");
        }
        Duration length;
        try {
            length = Duration.parse(body.length());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid duration '" + body.length() + "': expected ISO-8601, e.g. PT10M");
        }
        if (length.isNegative() || length.isZero() || length.compareTo(max) > 0) {
            throw ApiException.badRequest("A freeze lasts more than 0 and at most " + max + ", was " + length);
        }
        return length;
    }
}
