package io.goxhelix.api;

import io.goxhelix.names.DomainName;
import io.goxhelix.names.QueueName;
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

/** Queue administration: define, resize, inspect and delete the queues of a domain. */
@Path("/api/v1/domains/{domain}/queues")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    static final int MAX_PARTITIONS = 100_000;

    private final QueueStore queues;

    QueueResource(QueueStore queues) {
        this.queues = queues;
    }

    /** Body of PUT: the number of partitions, 1 to 100 000. */
    public record QueueRequest(Integer partitions) {}

    @PUT
    @Path("{queue}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("domain") String domain, @PathParam("queue") String queue, QueueRequest body) {
        String d = DomainName.of(domain).value();
        String q = QueueName.of(queue).value();
        if (body == null || body.partitions() == null) {
            throw ApiException.badRequest("The body must be {\"partitions\": N}");
        }
        int n = body.partitions();
        if (n < 1 || n > MAX_PARTITIONS) {
            throw ApiException.badRequest("partitions must be between 1 and " + MAX_PARTITIONS + ", was " + n);
        }
        return queues.put(d, q, n)
                .flatMap(created -> queues.view(d, q)
                        .map(view -> Response.status(created ? 201 : 200)
                                .entity(view.orElseThrow())
                                .build()));
    }

    @GET
    @Path("{queue}")
    public Uni<QueueView> get(@PathParam("domain") String domain, @PathParam("queue") String queue) {
        String d = DomainName.of(domain).value();
        String q = QueueName.of(queue).value();
        return queues.view(d, q).map(view -> view.orElseThrow(() -> unknown(d, q)));
    }

    @GET
    public Uni<List<QueueView.Summary>> list(@PathParam("domain") String domain) {
        return queues.list(DomainName.of(domain).value());
    }

    @DELETE
    @Path("{queue}")
    public Uni<Response> delete(@PathParam("domain") String domain, @PathParam("queue") String queue) {
        String d = DomainName.of(domain).value();
        String q = QueueName.of(queue).value();
        return queues.delete(d, q).map(deleted -> {
            if (!deleted) {
                throw unknown(d, q);
            }
            return Response.noContent().build();
        });
    }

    private static ApiException unknown(String domain, String queue) {
        return ApiException.notFound("No queue '" + queue + "' in domain '" + domain + "'");
    }
}
