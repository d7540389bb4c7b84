package io.goxhelix.api;

import io.goxhelix.auth.AuthSetup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Authorization: Bearer <token>} (RFC 6750) for every request. No header: the request is
 * anonymous, which the permission on {@code /api/v1/*} answers with the challenge; a header of
 * another form, or a token that authenticates nobody, fails at once. Either way the answer is a 401
 * problem with {@code WWW-Authenticate: Bearer realm="gox-helix"} (plus RFC 6750's {@code error}
 * when a header was sent), written by {@link ProblemWriter}. With authentication off it looks at
 * nothing and every request is anonymous.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String REALM = "Bearer realm=\"gox-helix\"";

    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    /** RFC 6750's b64token, at most 4 096 characters: room for a JWT signed with a large RSA key. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9._~+/-]{1,4096}=*)");

    private static final String FAILURE = BearerTokenMechanism.class.getName() + ".failure";

    private enum Failure {
        MALFORMED("invalid_request", "The Authorization header must be 'Bearer <token>'"),
        INVALID("invalid_token", "The bearer token is unknown, expired or revoked");

        final String code;
        final String detail;

        Failure(String code, String detail) {
            this.code = code;
            this.detail = detail;
        }
    }

    private final AuthSetup setup;

    BearerTokenMechanism(AuthSetup setup) {
        this.setup = setup;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (!setup.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        var m = BEARER.matcher(header.strip());
        if (!m.matches()) {
            ctx.put(FAILURE, Failure.MALFORMED);
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed Authorization header"));
        }
        ctx.put(FAILURE, Failure.INVALID);
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(m.group(1), "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, challenge(ctx)));
    }

    /** The challenge as a problem document: the framework's own would have an empty body. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext ctx) {
        if (!ctx.response().headWritten()) {
            Failure failure = ctx.get(FAILURE);
            String detail = failure != null
                    ? failure.detail
                    : "This request needs a bearer token: Authorization: Bearer <token>";
            ctx.response().putHeader(WWW_AUTHENTICATE, challenge(ctx));
            ProblemWriter.end(ctx.response(), Problem.of(401, "Unauthorized", detail));
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    private static String challenge(RoutingContext ctx) {
        Failure failure = ctx.get(FAILURE);
        return failure == null ? REALM : REALM + ", error=\"" + failure.code + "\"";
    }
}
