package io.goxhelix.auth;

import java.util.Set;

/**
 * Tokens that stopped being valid (revoked anywhere in the cluster, or expired), by id: whatever
 * this instance still holds open for them must end.
 */
public record TokensEnded(Set<String> ids) {

    public TokensEnded {
        ids = Set.copyOf(ids);
    }
}
