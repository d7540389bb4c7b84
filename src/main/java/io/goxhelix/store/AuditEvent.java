package io.goxhelix.store;

/**
 * One line of the audit trail, to be appended: who did (or was refused) what, to what.
 *
 * @param principal the principal's id ({@value #ANONYMOUS} with authentication off)
 * @param action an {@link io.goxhelix.access.Action#auditName()}
 * @param target what it acted on, e.g. {@code domain/queue} or a token id
 * @param outcome {@value #OK}, {@value #DENIED} or {@value #NOT_FOUND}
 * @param detail free text for a reader, or null; never a secret
 */
public record AuditEvent(String principal, String action, String target, String outcome, String detail) {

    public static final String ANONYMOUS = "anonymous";
    public static final String OK = "ok";
    public static final String DENIED = "denied";
    public static final String NOT_FOUND = "not-found";

    /** Longest detail kept; the column's width. */
    static final int MAX_DETAIL = 1024;

    private static final int MAX_TARGET = 255;

    public AuditEvent {
        // The target may come from a refused request's path: kept printable ASCII, as its column is.
        target = target.replaceAll("[^\\x20-\\x7e]", "?");
        target = target.length() > MAX_TARGET ? target.substring(0, MAX_TARGET) : target;
        detail = detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    /** The same event about another target (known only where the action ran, such as a new id). */
    public AuditEvent withTarget(String other) {
        return new AuditEvent(principal, action, other, outcome, detail);
    }

    /** The same event with another outcome (decided where the action ran). */
    public AuditEvent withOutcome(String other) {
        return new AuditEvent(principal, action, target, other, detail);
    }
}
