package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Action;
import io.goxhelix.access.Principal;
import io.goxhelix.coordination.WorkerProfile;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.QueueName;
import io.goxhelix.names.WorkerId;
import io.goxhelix.store.AckedVersionAheadException;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.ForeignWorkerException;
import io.goxhelix.store.Snapshot;
import io.goxhelix.store.WorkerStore;
import io.goxhelix.store.WorkerView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The worker protocol: heartbeats, graceful leave, the live list, and assignments (JSON or SSE). A
 * worker id belongs to the principal that registered it: the store refuses another's heartbeat,
 * leave or snapshot read on the row it reads anyway. An operator's leave of a worker is audited.
 */
@Path("/api/v1/domains/{domain}/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {

    static final int MAX_QUEUES = 100;

    private final WorkerStore workers;
    private final GoxConfig config;
    private final Guard guard;
    private final Counter accepted;
    private final Counter invalid;
    private final Counter conflicts;
    private final Counter forbidden;
    private final Counter failed;

    WorkerResource(WorkerStore workers, GoxConfig config, Guard guard, MeterRegistry registry) {
        this.workers = workers;
        this.config = config;
        this.guard = guard;
        // Looked up once: a heartbeat is the hottest path of the service.
        this.accepted = registry.counter("gox.heartbeats", "outcome", "ok");
        this.invalid = registry.counter("gox.heartbeats", "outcome", "invalid");
        this.conflicts = registry.counter("gox.heartbeats", "outcome", "conflict");
        this.forbidden = registry.counter("gox.heartbeats", "outcome", "forbidden");
        this.failed = registry.counter("gox.heartbeats", "outcome", "error");
    }

    /**
     * Body of a heartbeat: the queues served (1 to 100 names), the last applied snapshot version, and
     * optionally the worker's weight, capacity and labels (doc/api.md).
     */
    public record HeartbeatRequest(
            List<String> queues,
            Long ackedVersion,
            Integer weight,
            Integer maxPartitions,
            java.util.Map<String, String> labels) {

        public HeartbeatRequest(List<String> queues, Long ackedVersion) {
            this(queues, ackedVersion, null, null, null);
        }
    }

    /** A heartbeat that passed validation: names checked, worker id in lower case, queues deduplicated. */
    record ValidHeartbeat(String domain, String workerId, Set<String> queues, WorkerProfile profile, long acked) {

        static ValidHeartbeat of(String domain, String workerId, HeartbeatRequest body) {
            String d = DomainName.of(domain).value();
            String id = WorkerId.parse(workerId).value();
            if (body == null || body.queues() == null || body.queues().isEmpty()) {
                throw ApiException.badRequest("queues must be a non-empty array of queue names");
            }
            if (body.queues().size() > MAX_QUEUES) {
                throw ApiException.badRequest("queues may name at most " + MAX_QUEUES + " queues");
            }
            Set<String> names = new LinkedHashSet<>();
            for (String q : body.queues()) {
                names.add(QueueName.of(q).value());
            }
            long acked = body.ackedVersion() == null ? 0 : body.ackedVersion();
            if (acked < 0) {
                throw ApiException.badRequest("ackedVersion must be >= 0, was " + acked);
            }
            return new ValidHeartbeat(d, id, names, AnnouncedProfile.of(body), acked);
        }
    }

    public record HeartbeatResponse(
            String workerId, long leaseTimeoutMs, long heartbeatIntervalMs, long assignmentVersion) {}

    @POST
    @Path("{workerId}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<HeartbeatResponse> heartbeat(
            @PathParam("domain") String domain, @PathParam("workerId") String workerId, HeartbeatRequest body) {
        Principal caller;
        try {
            caller = guard.require(Action.WORKER_HEARTBEAT, domain);
        } catch (ApiException e) {
            forbidden.increment();
            throw e;
        }
        ValidHeartbeat beat;
        try {
            beat = ValidHeartbeat.of(domain, workerId, body);
        } catch (ApiException | InvalidNameException e) {
            invalid.increment();
            throw e;
        }
        return workers.heartbeat(beat.domain(), beat.workerId(), beat.queues(), beat.profile(), beat.acked(), caller)
                .map(version -> new HeartbeatResponse(
                        beat.workerId(),
                        config.leaseTimeout().toMillis(),
                        config.heartbeatInterval().toMillis(),
                        version))
                .invoke(() -> accepted.increment())
                .onFailure()
                .invoke(e -> outcomeOf(e).increment());
    }

    private Counter outcomeOf(Throwable failure) {
        if (failure instanceof AckedVersionAheadException) {
            return conflicts;
        }
        return failure instanceof ForeignWorkerException ? forbidden : failed;
    }

    @DELETE
    @Path("{workerId}")
    public Uni<Response> leave(
            @PathParam("domain") String domain,
            @PathParam("workerId") String workerId,
            @QueryParam("restart") String restart) {
        Principal caller = guard.require(Action.WORKER_LEAVE, domain);
        String d = DomainName.of(domain).value();
        String id = WorkerId.parse(workerId).value();
        Duration grace = restarting(restart) ? config.coordinator().restartGrace() : Duration.ZERO;
        // An operator making a worker leave is administration; a worker leaving is the protocol.
        AuditEvent audit = caller != null && caller.isOperator()
                ? Guard.event(caller, Action.WORKER_LEAVE, d + "/" + id, null)
                : null;
        return workers.leave(d, id, grace, caller, audit)
                .invoke(() -> {
                    if (audit != null) {
                        Guard.logged(audit);
                    }
                })
                .replaceWith(Response.noContent().build());
    }

    /** {@code ?restart=true} keeps the worker's partitions for it; only {@code true} and {@code false} are read. */
    private static boolean restarting(String restart) {
        if (restart == null || restart.equals("false")) {
            return false;
        }
        if (restart.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("Invalid restart '" + restart + "': expected true or false");
    }

    @GET
    public Uni<List<WorkerView>> live(@PathParam("domain") String domain) {
        guard.require(Action.WORKER_LIST, domain);
        return workers.live(DomainName.of(domain).value(), config.leaseTimeout());
    }

    @GET
    @Path("{workerId}/assignments")
    public Uni<Snapshot> snapshot(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        Principal caller = guard.require(Action.ASSIGNMENT_READ, domain);
        return workers.snapshot(
                DomainName.of(domain).value(), WorkerId.parse(workerId).value(), caller);
    }
}
