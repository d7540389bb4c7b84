package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.QueueName;
import io.goxhelix.store.LedgerEntry;
import io.goxhelix.store.LedgerStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** One partition's ledger entries (operators only), and why it has the owner it has. */
@Path("/api/v1/domains/{domain}/queues/{queue}/partitions/{partition}")
@Produces(MediaType.APPLICATION_JSON)
public class PartitionLedgerResource {

    private final LedgerStore ledger;
    private final Guard guard;

    PartitionLedgerResource(LedgerStore ledger, Guard guard) {
        this.ledger = ledger;
        this.guard = guard;
    }

    @GET
    @Path("history")
    public Uni<List<LedgerEntry>> partition(
            @PathParam("domain") String domain,
            @PathParam("queue") String queue,
            @PathParam("partition") String partition,
            @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        guard.require(Action.LEDGER_READ, domain);
        return ledger.partition(
                DomainName.of(domain).value(),
                QueueName.of(queue).value(),
                LedgerResource.partitionNumber(partition),
                LedgerResource.cursor(after),
                LedgerResource.limit(limit));
    }

    /**
     * Who owns a partition and why: its row as it stands, and the ledger's last entry of it (null once
     * retention has pruned it, or if it never had an owner).
     */
    public record Explanation(
            String domain,
            String queue,
            int partition,
            String owner,
            String state,
            long epoch,
            Instant since,
            LedgerEntry lastMove) {}

    @GET
    @Path("explain")
    public Uni<Explanation> explain(
            @PathParam("domain") String domain,
            @PathParam("queue") String queue,
            @PathParam("partition") String partition) {
        guard.require(Action.LEDGER_READ, domain);
        String d = DomainName.of(domain).value();
        String q = QueueName.of(queue).value();
        int p = LedgerResource.partitionNumber(partition);
        return ledger.now(d, q, p).flatMap(now -> {
            if (now.isEmpty()) {
                throw ApiException.notFound("No partition " + p + " of queue '" + q + "' in domain '" + d + "'");
            }
            return ledger.last(d, q, p)
                    .map(last -> new Explanation(
                            d,
                            q,
                            p,
                            now.get().owner(),
                            now.get().state(),
                            now.get().epoch(),
                            last.map(LedgerEntry::at).orElse(null),
                            last.orElse(null)));
        });
    }
}
