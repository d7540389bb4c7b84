package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.coordination.Balancing;
import io.goxhelix.names.DomainName;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.BalancingStore;
import io.goxhelix.store.BalancingStore.Mode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A domain's balancing mode (operators): by partition count, the default, or by the load its workers
 * report per partition in their heartbeats, each worker's load kept within a tolerance of its share
 * (doc/design/placement.md). Freezes and rollouts still stop moves for balance in either mode.
 */
@Path("/api/v1/domains/{domain}/balancing")
@Produces(MediaType.APPLICATION_JSON)
public class BalancingResource {

    private final BalancingStore store;
    private final Guard guard;

    BalancingResource(BalancingStore store, Guard guard) {
        this.store = store;
        this.guard = guard;
    }

    /** Body of PUT: {@code {"mode": "load", "tolerance": 0.1}} or {@code {"mode": "count"}}. */
    public record BalancingRequest(String mode, Double tolerance) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Mode> put(@PathParam("domain") String domain, BalancingRequest body) {
        return guard.requireAdmin(Action.DOMAIN_BALANCING, domain, domain).flatMap(caller -> {
            String d = DomainName.of(domain).value();
            Double tolerance = toleranceOf(body);
            AuditEvent audit = Guard.event(
                    caller, Action.DOMAIN_BALANCING, d, tolerance == null ? "count" : "load tolerance=" + tolerance);
            Uni<Mode> changed = tolerance == null ? store.byCount(d, audit) : store.byLoad(d, tolerance, audit);
            return changed.invoke(() -> Guard.logged(audit));
        });
    }

    @GET
    public Uni<Mode> get(@PathParam("domain") String domain) {
        guard.require(Action.QUEUE_READ, domain);
        return store.mode(DomainName.of(domain).value());
    }

    /** Back to count mode. */
    @DELETE
    public Uni<Mode> reset(@PathParam("domain") String domain) {
        return put(domain, new BalancingRequest("count", null));
    }

    /** The tolerance asked for, or null for count mode; a 400 for anything else. */
    static Double toleranceOf(BalancingRequest body) {
        if (body == null || body.mode() == null) {
            throw ApiException.badRequest(
                    "The body must be {\"mode\": \"load\", \"tolerance\": 0.1} or {\"mode\": \"count\"}");
        }
        switch (body.mode()) {
            case "count" -> {
                if (body.tolerance() != null) {
                    throw ApiException.badRequest("tolerance applies to mode \"load\" only");
                }
                return null;
            }
            case "load" -> {
                double t = body.tolerance() == null ? Balancing.DEFAULT_TOLERANCE : body.tolerance();
                if (!(t >= 0 && t <= Balancing.MAX_TOLERANCE)) {
                    throw ApiException.badRequest(
                            "tolerance must be between 0 and " + Balancing.MAX_TOLERANCE + ", was " + body.tolerance());
                }
                return t;
            }
            default -> throw ApiException.badRequest("mode must be \"count\" or \"load\", was \"" + body.mode() + "\"");
        }
    }
}
