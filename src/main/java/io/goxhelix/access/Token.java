package io.goxhelix.access;

import java.time.Instant;
import java.util.SortedSet;

/**
 * A stored token, without its secret: who it names and for how long it is good.
 *
 * @param expiresAt null: it never expires
 * @param revokedAt null: not revoked
 * @param createdBy the id of the principal that created it
 */
public record Token(
        String id,
        String name,
        Role role,
        SortedSet<String> domains,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String createdBy) {

    /** The principal the token stands for. */
    public Principal principal() {
        return new Principal(id, name, role, domains);
    }

    /** True if the token authenticates a request at {@code now}: not revoked, not (yet) expired. */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
