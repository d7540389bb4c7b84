package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.access.Authorization;
import io.goxhelix.access.Authorization.Decision;
import io.goxhelix.access.Principal;
import io.goxhelix.auth.AuthSetup;
import io.goxhelix.auth.BearerIdentityProvider;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.AuditStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The edge's authorization: who sends the request (authenticated before any resource runs) and
 * whether {@link Authorization} lets it take the action, before anything is read or written; and
 * the audit trail of administrative actions, in the database and in the log (category {@code
 * io.goxhelix.audit}). With authentication off there is no principal (null) and nothing is refused.
 */
@ApplicationScoped
public class Guard {

    private static final Logger AUDIT = Logger.getLogger("io.goxhelix.audit");

    private final AuthSetup setup;
    private final SecurityIdentity identity;
    private final AuditStore audit;

    Guard(AuthSetup setup, SecurityIdentity identity, AuditStore audit) {
        this.setup = setup;
        this.identity = identity;
        this.audit = audit;
    }

    /** The principal of the current request; null with authentication off. */
    Principal caller() {
        return setup.enabled() ? authenticated(BearerIdentityProvider.principalOf(identity)) : null;
    }

    /** The principal of a request served on a Vert.x route; null with authentication off. */
    Principal caller(RoutingContext ctx) {
        if (!setup.enabled()) {
            return null;
        }
        return authenticated(
                ctx.user() instanceof QuarkusHttpUser user
                        ? BearerIdentityProvider.principalOf(user.getSecurityIdentity())
                        : null);
    }

    /** The caller, if it may take {@code action} in {@code domain} (null: on the service); else 403. */
    Principal require(Action action, String domain) {
        Principal p = caller();
        check(p, action, domain);
        return p;
    }

    /** As {@link #require}, but a refusal is first written to the audit trail (administration). */
    Uni<Principal> requireAdmin(Action action, String domain, String target) {
        Principal p = caller();
        Decision d = p == null ? null : Authorization.decide(p, action, domain);
        if (d == null || d.allowed()) {
            return Uni.createFrom().item(p);
        }
        AuditEvent refused = event(p, action, target, d.reason()).withOutcome(AuditEvent.DENIED);
        return audit.append(refused)
                .invoke(() -> logged(refused))
                .onFailure()
                .invoke(e -> AUDIT.errorf("could not record the refusal %s: %s", refused, e.getMessage()))
                .onItemOrFailure()
                .transformToUni((ignored, failure) -> Uni.createFrom().failure(ApiException.forbidden(d.reason())));
    }

    /** 403 unless {@code p} (null: authentication off) may take {@code action} in {@code domain}. */
    static void check(Principal p, Action action, String domain) {
        if (p != null) {
            Decision d = Authorization.decide(p, action, domain);
            if (!d.allowed()) {
                throw ApiException.forbidden(d.reason());
            }
        }
    }

    /** An audit line of {@code p} (null: authentication off) taking {@code action}, outcome ok. */
    static AuditEvent event(Principal p, Action action, String target, String detail) {
        return new AuditEvent(
                p == null ? AuditEvent.ANONYMOUS : p.id(), action.auditName(), target, AuditEvent.OK, detail);
    }

    /** The log line of an audit event that was recorded. */
    static void logged(AuditEvent e) {
        AUDIT.infof(
                "audit principal=%s action=%s target=%s outcome=%s%s",
                e.principal(), e.action(), e.target(), e.outcome(), e.detail() == null ? "" : " detail=" + e.detail());
    }

    private static Principal authenticated(Principal p) {
        if (p == null) {
            // The permission on /api/v1/* lets no anonymous request through while authentication is on.
            throw new IllegalStateException("An unauthenticated request reached an API resource");
        }
        return p;
    }
}
