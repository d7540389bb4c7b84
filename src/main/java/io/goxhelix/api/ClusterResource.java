package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.Instance;
import io.goxhelix.access.Action;
import io.goxhelix.coordinator.Election;
import io.goxhelix.store.CoordinatorStore;
import io.goxhelix.store.Term;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** Who this instance is and which instance acts as coordinator, under which term. */
@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final Instance instance;
    private final CoordinatorStore coordinators;
    private final GoxConfig config;
    private final Election election;
    private final Guard guard;

    ClusterResource(
            Instance instance, CoordinatorStore coordinators, GoxConfig config, Election election, Guard guard) {
        this.election = election;
        this.guard = guard;
        this.instance = instance;
        this.coordinators = coordinators;
        this.config = config;
    }

    @GET
    public Uni<ClusterView> get() {
        guard.require(Action.CLUSTER_READ, null);
        return coordinators
                .current(config.coordinator().lockName(), election.lockName())
                .map(term -> new ClusterView(
                        instance.id(),
                        instance.version(),
                        term.map(CoordinatorView::of).orElse(null)));
    }

    public record ClusterView(String instanceId, String version, CoordinatorView coordinator) {}

    public record CoordinatorView(String instanceId, long term, Instant since) {
        static CoordinatorView of(Term t) {
            return new CoordinatorView(t.instanceId(), t.term(), t.since());
        }
    }
}
