package io.goxhelix.api;

import io.goxhelix.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final Instance instance;

    ClusterResource(Instance instance) {
        this.instance = instance;
    }

    @GET
    public ClusterView get() {
        return new ClusterView(instance.id(), instance.version());
    }

    public record ClusterView(String instanceId, String version) {}
}
