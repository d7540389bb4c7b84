package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's view of a domain (operators only), as JSON; its event stream, which the console
 * follows, is served by {@link OperatorStreamRoute}.
 */
@Path("/api/v1/domains/{domain}/view")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleViewResource {

    private final ConsoleViews views;
    private final Guard guard;

    ConsoleViewResource(ConsoleViews views, Guard guard) {
        this.views = views;
        this.guard = guard;
    }

    @GET
    public Uni<ConsoleViews.ConsoleView> get(@PathParam("domain") String domain) {
        guard.require(Action.LEDGER_READ, domain);
        return views.of(DomainName.of(domain).value());
    }
}
