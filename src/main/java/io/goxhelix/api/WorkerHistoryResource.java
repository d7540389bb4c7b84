package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.WorkerId;
import io.goxhelix.store.LedgerEntry;
import io.goxhelix.store.LedgerStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The ledger entries that gave a partition to a worker or took one from it (operators only). */
@Path("/api/v1/domains/{domain}/workers/{workerId}/history")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerHistoryResource {

    private final LedgerStore ledger;
    private final Guard guard;

    WorkerHistoryResource(LedgerStore ledger, Guard guard) {
        this.ledger = ledger;
        this.guard = guard;
    }

    @GET
    public Uni<List<LedgerEntry>> worker(
            @PathParam("domain") String domain,
            @PathParam("workerId") String workerId,
            @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        guard.require(Action.LEDGER_READ, domain);
        return ledger.worker(
                DomainName.of(domain).value(),
                WorkerId.parse(workerId).value(),
                LedgerResource.cursor(after),
                LedgerResource.limit(limit));
    }
}
