package io.goxhelix.access;

/**
 * What a request of API v1 does. Domain actions name the domain they act in; the others act on the
 * service as a whole. Administrative actions are the operator's alone, and every refusal of one is
 * kept in the audit trail.
 */
public enum Action {
    QUEUE_PUT("queue.put", Scope.DOMAIN, true),
    QUEUE_DELETE("queue.delete", Scope.DOMAIN, true),
    QUEUE_READ("queue.read", Scope.DOMAIN, false),
    WORKER_HEARTBEAT("worker.heartbeat", Scope.DOMAIN, false),
    WORKER_LEAVE("worker.leave", Scope.DOMAIN, false),
    WORKER_LIST("worker.list", Scope.DOMAIN, false),
    /** Ask for or cancel a worker's drain: a worker may drain itself, an operator any worker (audited). */
    WORKER_DRAIN("worker.drain", Scope.DOMAIN, false),
    /** Cordon or uncordon a worker. */
    WORKER_CORDON("worker.cordon", Scope.DOMAIN, true),
    /** Freeze a domain's balance moves, or end the freeze. */
    DOMAIN_FREEZE("domain.freeze", Scope.DOMAIN, true),
    /** Choose how a domain is balanced: by partition count or by reported load. */
    DOMAIN_BALANCING("domain.balancing", Scope.DOMAIN, true),
    /** The snapshot of one worker, as JSON or as its event stream. */
    ASSIGNMENT_READ("assignment.read", Scope.DOMAIN, false),
    /** The ledger of a domain, a partition's or a worker's history, an explanation, the console's view. */
    LEDGER_READ("ledger.read", Scope.DOMAIN, false),
    CLUSTER_READ("cluster.read", Scope.SERVICE, false),
    TOKEN_CREATE("token.create", Scope.SERVICE, true),
    TOKEN_LIST("token.list", Scope.SERVICE, true),
    TOKEN_REVOKE("token.revoke", Scope.SERVICE, true),
    AUDIT_READ("audit.read", Scope.SERVICE, true);

    /** Where an action applies. */
    public enum Scope {
        DOMAIN,
        SERVICE
    }

    private final String auditName;
    private final Scope scope;
    private final boolean administrative;

    Action(String auditName, Scope scope, boolean administrative) {
        this.auditName = auditName;
        this.scope = scope;
        this.administrative = administrative;
    }

    /** The action's name in the audit trail and the log, e.g. {@code queue.put}. */
    public String auditName() {
        return auditName;
    }

    public Scope scope() {
        return scope;
    }

    /** Operator-only administration: its refusals are audited. */
    public boolean administrative() {
        return administrative;
    }
}
