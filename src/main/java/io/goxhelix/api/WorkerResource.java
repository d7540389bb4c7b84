package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Action;
import io.goxhelix.access.Principal;
import io.goxhelix.coordination.Stoppable;
import io.goxhelix.coordination.WorkerProfile;
import io.goxhelix.names.DomainName;
import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.QueueName;
import io.goxhelix.names.WorkerId;
import io.goxhelix.store.AckedVersionAheadException;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.ForeignWorkerException;
import io.goxhelix.store.PlannedEventStore;
import io.goxhelix.store.PlannedEventStore.Standing;
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
import jakarta.ws.rs.PUT;
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
    private final PlannedEventStore planned;
    private final GoxConfig config;
    private final Guard guard;
    private final Counter accepted;
    private final Counter invalid;
    private final Counter conflicts;
    private final Counter forbidden;
    private final Counter failed;

    WorkerResource(
            WorkerStore workers, PlannedEventStore planned, GoxConfig config, Guard guard, MeterRegistry registry) {
        this.workers = workers;
        this.planned = planned;
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
     * optionally the application version the worker runs (see {@link io.goxhelix.coordination.AppVersion})
     * its weight, capacity and labels, and the loads of the partitions it holds (doc/api.md).
     */
    public record HeartbeatRequest(
            List<String> queues,
            Long ackedVersion,
            String version,
            Integer weight,
            Integer maxPartitions,
            java.util.Map<String, String> labels,
            java.util.Map<String, java.util.Map<String, Double>> loads) {

        public HeartbeatRequest(List<String> queues, Long ackedVersion) {
            this(queues, ackedVersion, null, null, null, null, null);
        }
    }

    /** An application version: 1 to 64 of letters, digits and {@code . _ + -}. */
    private static final java.util.regex.Pattern APP_VERSION = java.util.regex.Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    /** A heartbeat that passed validation: names checked, worker id in lower case, queues deduplicated. */
    record ValidHeartbeat(
            String domain,
            String workerId,
            Set<String> queues,
            WorkerProfile profile,
            long acked,
            String appVersion,
            java.util.Map<String, java.util.Map<Integer, Double>> loads) {

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
            return new ValidHeartbeat(
                    d,
                    id,
                    names,
                    AnnouncedProfile.of(body),
                    acked,
                    appVersion(body),
                    AnnouncedLoads.of(body.loads(), names));
        }

        private static String appVersion(HeartbeatRequest body) {
            if (body.version() != null && !APP_VERSION.matcher(body.version()).matches()) {
                throw ApiException.badRequest(
                        "version must be 1 to 64 letters, digits, '.', '_', '+' or '-', was '" + body.version() + "'");
            }
            return body.version();
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
        return workers.heartbeat(
                        beat.domain(),
                        beat.workerId(),
                        beat.queues(),
                        beat.profile(),
                        beat.acked(),
                        caller,
                        beat.appVersion(),
                        beat.loads())
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

    // ---- planned events --------------------------------------------------------------------------

    /** Asks for the worker's drain: 202, its standing (DRAIN_QUEUED, DRAINING or DRAINED). */
    @POST
    @Path("{workerId}/drain")
    public Uni<Response> drain(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        Principal caller = guard.require(Action.WORKER_DRAIN, domain);
        String d = DomainName.of(domain).value();
        String id = WorkerId.parse(workerId).value();
        AuditEvent audit = operatorsOnly(caller, Action.WORKER_DRAIN, d + "/" + id, "drain");
        return planned.drain(d, id, caller, audit).map(s -> changed(s, 202, audit));
    }

    /** Cancels the worker's drain: 200, its standing. */
    @DELETE
    @Path("{workerId}/drain")
    public Uni<Response> cancelDrain(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        Principal caller = guard.require(Action.WORKER_DRAIN, domain);
        String d = DomainName.of(domain).value();
        String id = WorkerId.parse(workerId).value();
        AuditEvent audit = operatorsOnly(caller, Action.WORKER_DRAIN, d + "/" + id, "cancel");
        return planned.cancelDrain(d, id, caller, audit).map(s -> changed(s, 200, audit));
    }

    @GET
    @Path("{workerId}/drain")
    public Uni<Response> drainState(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        guard.require(Action.WORKER_LIST, domain);
        String d = DomainName.of(domain).value();
        String id = WorkerId.parse(workerId).value();
        return planned.standing(d, id)
                .map(s -> Response.ok(s.orElseThrow(
                                () -> ApiException.notFound("No live worker '" + id + "' in domain '" + d + "'")))
                        .build());
    }

    @PUT
    @Path("{workerId}/cordon")
    public Uni<Response> cordon(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        return cordon(domain, workerId, true);
    }

    @DELETE
    @Path("{workerId}/cordon")
    public Uni<Response> uncordon(@PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        return cordon(domain, workerId, false);
    }

    private Uni<Response> cordon(String domain, String workerId, boolean on) {
        return guard.requireAdmin(Action.WORKER_CORDON, domain, domain + "/" + workerId)
                .flatMap(caller -> {
                    String d = DomainName.of(domain).value();
                    String id = WorkerId.parse(workerId).value();
                    AuditEvent audit = Guard.event(caller, Action.WORKER_CORDON, d + "/" + id, on ? "on" : "off");
                    return planned.cordon(d, id, on, audit).map(s -> changed(s, 200, audit));
                });
    }

    /** Whether stopping the worker now is harmless, with the reasons if not (a preStop hook's question). */
    @GET
    @Path("{workerId}/stoppable")
    public Uni<Stoppable.Verdict> stoppable(
            @PathParam("domain") String domain, @PathParam("workerId") String workerId) {
        guard.require(Action.WORKER_LIST, domain);
        return planned.stoppable(
                DomainName.of(domain).value(),
                WorkerId.parse(workerId).value(),
                config.leaseTimeout(),
                config.coordinator().maxConcurrentDrains());
    }

    /** An audit line when an operator acts on a worker; a worker acting on itself is the protocol. */
    private static AuditEvent operatorsOnly(Principal caller, Action action, String target, String detail) {
        return caller != null && caller.isOperator() ? Guard.event(caller, action, target, detail) : null;
    }

    private static Response changed(Standing standing, int status, AuditEvent audit) {
        if (audit != null) {
            Guard.logged(audit);
        }
        return Response.status(status).entity(standing).build();
    }
}
