package io.goxhelix.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rules of who may do what, as pure functions. An operator may do everything. A worker may
 * heartbeat, leave, drain, and read or stream its own assignments, and read the queue and worker
 * views, in its own domains; nothing else (no queue changes, no cordon, no freeze, no tokens, no
 * audit trail, no cluster view, no ledger).
 *
 * <p>On top of the domain, a worker id belongs to the principal that registered it (its first
 * heartbeat): another worker principal may not heartbeat it, make it leave, or read its assignments.
 * A worker id registered while authentication was off belongs to nobody until a principal heartbeats
 * it, which claims it.
 */
public final class Authorization {

    private static final Set<Action> WORKER_ACTIONS = EnumSet.of(
            Action.QUEUE_READ,
            Action.WORKER_HEARTBEAT,
            Action.WORKER_LEAVE,
            Action.WORKER_DRAIN,
            Action.WORKER_LIST,
            Action.ASSIGNMENT_READ);

    private Authorization() {}

    /** A decision: allowed, or refused with a reason fit for the answer's {@code detail}. */
    public record Decision(boolean allowed, String reason) {
        static final Decision ALLOW = new Decision(true, null);

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    /**
     * May {@code principal} take {@code action}? {@code domain} is the domain the request names
     * (as given, not yet checked against the name rule), null for an action on the service.
     */
    public static Decision decide(Principal principal, Action action, String domain) {
        if (principal.isOperator()) {
            return Decision.ALLOW;
        }
        if (!WORKER_ACTIONS.contains(action)) {
            return Decision.deny("A worker token may not " + describe(action) + "; it needs an operator token");
        }
        if (action.scope() == Action.Scope.DOMAIN && !principal.covers(domain)) {
            return Decision.deny("This token is not valid in domain '" + domain + "'");
        }
        return Decision.ALLOW;
    }

    /**
     * May {@code principal} act on a worker id registered by {@code registeredBy} (null: by nobody,
     * or not registered)?
     */
    public static boolean mayActOnWorker(Principal principal, String registeredBy) {
        return principal.isOperator() || registeredBy == null || registeredBy.equals(principal.id());
    }

    /**
     * Who a worker id belongs to once {@code principal} heartbeats it: its owner if it has one, else
     * the principal that heartbeats it first.
     */
    public static String ownerAfterHeartbeat(Principal principal, String registeredBy) {
        return registeredBy != null ? registeredBy : principal.id();
    }

    /** The refusal of a worker id that another principal registered. */
    public static String foreignWorker(String workerId) {
        return "Worker " + workerId + " was registered by another principal";
    }

    private static String describe(Action action) {
        return switch (action) {
            case QUEUE_PUT -> "create or resize queues";
            case QUEUE_DELETE -> "delete queues";
            case CLUSTER_READ -> "read the cluster view";
            case LEDGER_READ -> "read the ledger";
            case TOKEN_CREATE -> "create tokens";
            case TOKEN_LIST -> "list tokens";
            case TOKEN_REVOKE -> "revoke tokens";
            case AUDIT_READ -> "read the audit trail";
            case WORKER_CORDON -> "cordon workers";
            case DOMAIN_FREEZE -> "freeze domains";
            case DOMAIN_BALANCING -> "change how domains are balanced";
            default -> action.auditName();
        };
    }
}
