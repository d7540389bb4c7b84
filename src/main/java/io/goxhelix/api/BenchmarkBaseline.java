package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.api.WorkerResource.HeartbeatRequest;
import io.goxhelix.api.WorkerResource.HeartbeatResponse;
import io.goxhelix.api.WorkerResource.ValidHeartbeat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The baseline of the heartbeat benchmark: the same request, parsing, validation and answer as a
 * heartbeat, without touching the database. Answers 404 unless {@code gox.bench.enabled} is set, so
 * it exists in a production service only for whoever runs the benchmark against it.
 */
@Path("/bench/domains/{domain}/workers/{workerId}/heartbeat")
public class BenchmarkBaseline {

    private final GoxConfig config;

    BenchmarkBaseline(GoxConfig config) {
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public HeartbeatResponse noop(
            @PathParam("domain") String domain, @PathParam("workerId") String workerId, HeartbeatRequest body) {
        if (!config.bench().enabled()) {
            throw ApiException.notFound("The benchmark baseline is off (gox.bench.enabled=false)");
        }
        ValidHeartbeat beat = ValidHeartbeat.of(domain, workerId, body);
        return new HeartbeatResponse(
                beat.workerId(),
                config.leaseTimeout().toMillis(),
                config.heartbeatInterval().toMillis(),
                0);
    }
}
