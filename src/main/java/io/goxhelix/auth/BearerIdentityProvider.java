package io.goxhelix.auth;

import io.goxhelix.access.Principal;
import io.goxhelix.access.TokenSecret;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity of a bearer token: its principal (role and domains) as an attribute of the security
 * identity, read back with {@link #principalOf}. An unknown, expired or revoked token fails with
 * {@link AuthenticationFailedException}, which the HTTP mechanism answers 401. Non-blocking: a
 * known token is answered from memory, an unknown one by one reactive query. A token's principal
 * never changes, so each identity is built once and kept until its token ends. A JWT of an identity
 * provider ({@link JwtVerifier}, when configured) is verified on every request, off the event loop.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The attribute of a {@link SecurityIdentity} that holds its {@link Principal}. */
    public static final String PRINCIPAL = "io.goxhelix.principal";

    private static final int MAX_IDENTITIES = 100_000;

    private final TokenAuthenticator tokens;
    private final JwtVerifier jwts;
    private final Map<String, SecurityIdentity> identities = new ConcurrentHashMap<>();

    BearerIdentityProvider(TokenAuthenticator tokens, JwtVerifier jwts) {
        this.tokens = tokens;
        this.jwts = jwts;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String presented = request.getToken().getToken();
        if (jwts.enabled() && JwtVerifier.looksLikeJwt(presented)) {
            // Off the event loop: verifying may fetch the issuer's keys.
            return context.runBlocking(() -> jwts.verify(presented)
                    .map(this::identityOf)
                    .orElseThrow(() -> new AuthenticationFailedException("invalid or expired JWT")));
        }
        return tokens.authenticate(TokenSecret.of(presented))
                .map(principal -> principal
                        .map(this::identityOf)
                        .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token")));
    }

    /** The principal of an identity; null for the anonymous identity (authentication off). */
    public static Principal principalOf(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(PRINCIPAL);
    }

    void onTokensEnded(@Observes TokensEnded ended) {
        identities.keySet().removeAll(ended.ids());
    }

    private SecurityIdentity identityOf(Principal p) {
        SecurityIdentity known = identities.get(p.id());
        if (known != null) {
            return known;
        }
        SecurityIdentity made = build(p);
        if (identities.size() < MAX_IDENTITIES) {
            identities.put(p.id(), made);
        }
        return made;
    }

    private static SecurityIdentity build(Principal p) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(p.name()))
                .addRole(p.role().wireName())
                .addAttribute(PRINCIPAL, p)
                .build();
    }
}
