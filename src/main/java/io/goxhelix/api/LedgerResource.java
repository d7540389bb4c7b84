package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
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

/**
 * The ledger of ownership changes (operators only): a domain's entries, in id order, a page at a
 * time ({@code after} a cursor; without one, the latest {@code limit}). A partition's and a worker's
 * are {@link PartitionLedgerResource} and {@link WorkerHistoryResource}. The event-stream flavour of the domain's ledger is
 * {@link LedgerStreamRoute}. (One class per path prefix: a resource at the domain itself would hide
 * the 405s of the queue and worker resources behind 404s.)
 */
@Path("/api/v1/domains/{domain}/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final LedgerStore ledger;
    private final Guard guard;

    LedgerResource(LedgerStore ledger, Guard guard) {
        this.ledger = ledger;
        this.guard = guard;
    }

    @GET
    public Uni<List<LedgerEntry>> domain(
            @PathParam("domain") String domain, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        guard.require(Action.LEDGER_READ, domain);
        return ledger.domain(DomainName.of(domain).value(), cursor(after), limit(limit));
    }

    static long cursor(String after) {
        return AuditResource.number("after", after, -1, 0, Long.MAX_VALUE);
    }

    static int limit(String limit) {
        return (int) AuditResource.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    static int partitionNumber(String partition) {
        return (int) AuditResource.number("partition", partition, -1, 0, QueueResource.MAX_PARTITIONS - 1);
    }
}
