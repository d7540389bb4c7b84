package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Action;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.QueueName;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.QueueRules;
import io.goxhelix.store.QueueStore;
import io.goxhelix.store.QueueView;
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
import java.util.List;

/**
 * Queue administration: define, resize, inspect and delete the queues of a domain. Changes are the
 * operator's and go to the audit trail; workers may read the queues of their domains.
 */
@Path("/api/v1/domains/{domain}/queues")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    static final int MAX_PARTITIONS = 100_000;

    private final QueueStore queues;
    private final Guard guard;
    private final GoxConfig.Limits limits;

    QueueResource(QueueStore queues, Guard guard, GoxConfig config) {
        this.queues = queues;
        this.guard = guard;
        this.limits = config.limits();
    }

    @PUT
    @Path("{queue}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("domain") String domain, @PathParam("queue") String queue, QueueRequest body) {
        return guard.requireAdmin(Action.QUEUE_PUT, domain, domain + "/" + queue)
                .flatMap(caller -> {
                    String d = DomainName.of(domain).value();
                    String q = QueueName.of(queue).value();
                    if (body == null) {
                        throw ApiException.badRequest("The body must be {\"partitions\": N}");
                    }
                    int n = body.checkedPartitions();
                    QueueRules rules = body.rules(n);
                    AuditEvent audit = Guard.event(caller, Action.QUEUE_PUT, d + "/" + q, detail(n, rules));
                    return queues.put(
                                    d, q, n, rules, limits.maxQueuesPerDomain(), limits.maxPartitionsPerDomain(), audit)
                            .invoke(() -> Guard.logged(audit))
                            .flatMap(created -> queues.view(d, q)
                                    .map(view -> Response.status(created ? 201 : 200)
                                            .entity(view.orElseThrow())
                                            .build()));
                });
    }

    /** The audit line's detail: the partitions, and the rules where they are not the defaults. */
    private static String detail(int partitions, QueueRules rules) {
        var detail = new StringBuilder("partitions=").append(partitions);
        if (rules.priority() != 0) {
            detail.append(" priority=").append(rules.priority());
        }
        if (!rules.requiredLabels().isEmpty()) {
            detail.append(" requiredLabels=").append(new java.util.TreeMap<>(rules.requiredLabels()));
        }
        if (!rules.spreadBy().isEmpty()) {
            detail.append(" spreadBy=").append(rules.spreadBy());
        }
        if (!rules.pins().isEmpty()) {
            detail.append(" pins=").append(new java.util.TreeMap<>(rules.pins()));
        }
        return detail.toString();
    }

    @GET
    @Path("{queue}")
    public Uni<QueueView> get(@PathParam("domain") String domain, @PathParam("queue") String queue) {
        guard.require(Action.QUEUE_READ, domain);
        String d = DomainName.of(domain).value();
        String q = QueueName.of(queue).value();
        return queues.view(d, q).map(view -> view.orElseThrow(() -> unknown(d, q)));
    }

    @GET
    public Uni<List<QueueView.Summary>> list(@PathParam("domain") String domain) {
        guard.require(Action.QUEUE_READ, domain);
        return queues.list(DomainName.of(domain).value());
    }

    @DELETE
    @Path("{queue}")
    public Uni<Response> delete(@PathParam("domain") String domain, @PathParam("queue") String queue) {
        return guard.requireAdmin(Action.QUEUE_DELETE, domain, domain + "/" + queue)
                .flatMap(caller -> {
                    String d = DomainName.of(domain).value();
                    String q = QueueName.of(queue).value();
                    AuditEvent audit = Guard.event(caller, Action.QUEUE_DELETE, d + "/" + q, null);
                    return queues.delete(d, q, audit).map(deleted -> {
                        Guard.logged(deleted ? audit : audit.withOutcome(AuditEvent.NOT_FOUND));
                        if (!deleted) {
                            throw unknown(d, q);
                        }
                        return Response.noContent().build();
                    });
                });
    }

    private static ApiException unknown(String domain, String queue) {
        return ApiException.notFound("No queue '" + queue + "' in domain '" + domain + "'");
    }
}
