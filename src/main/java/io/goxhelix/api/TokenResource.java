package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.access.NewToken;
import io.goxhelix.access.Principal;
import io.goxhelix.access.Token;
import io.goxhelix.access.TokenSecret;
import io.goxhelix.auth.TokenAuthenticator;
import io.goxhelix.store.AuditEvent;
import io.goxhelix.store.TokenStore;
import io.goxhelix.store.TokenStore.Revocation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SortedSet;

/**
 * Bearer tokens (operators only): create one (its secret is in that answer and nowhere else, ever),
 * list them (no secrets, no digests), revoke one. Creations and revocations go to the audit trail.
 * A revocation is effective at once on this instance and within {@code
 * gox.auth.revocation-poll-interval} on the others, and ends the token's open streams.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final TokenStore tokens;
    private final TokenAuthenticator authenticator;
    private final Guard guard;
    private final SecureRandom random = new SecureRandom();

    TokenResource(TokenStore tokens, TokenAuthenticator authenticator, Guard guard) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.guard = guard;
    }

    /**
     * Body of POST. {@code expiresIn}: an ISO-8601 duration ({@code P30D}, {@code PT12H});
     * {@code expiresAt}: an ISO-8601 instant; at most one of them, neither for a token that never
     * expires.
     */
    public record TokenRequest(String name, String role, List<String> domains, String expiresIn, String expiresAt) {}

    /** A token as listed: everything but its secret. */
    public record TokenView(
            String id,
            String name,
            String role,
            SortedSet<String> domains,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            String createdBy) {

        static TokenView of(Token t) {
            return new TokenView(
                    t.id(),
                    t.name(),
                    t.role().wireName(),
                    t.domains(),
                    t.createdAt(),
                    t.expiresAt(),
                    t.revokedAt(),
                    t.createdBy());
        }
    }

    /** The answer to a creation: the token and, this once, its secret. */
    public record IssuedToken(
            String id,
            String name,
            String role,
            SortedSet<String> domains,
            Instant createdAt,
            Instant expiresAt,
            String createdBy,
            String secret) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(TokenRequest body) {
        return guard.requireAdmin(Action.TOKEN_CREATE, null, "tokens").flatMap(caller -> {
            NewToken spec = validate(body);
            TokenSecret secret = TokenSecret.generate(random);
            AuditEvent audit = Guard.event(caller, Action.TOKEN_CREATE, "tokens", describe(spec));
            return tokens.create(spec, secret.hash(), idOf(caller), audit)
                    .invoke(t -> Guard.logged(audit.withTarget(t.id())))
                    .map(t -> Response.status(201)
                            // The secret is in this answer only: no cache may keep a copy.
                            .header("Cache-Control", "no-store")
                            .entity(new IssuedToken(
                                    t.id(),
                                    t.name(),
                                    t.role().wireName(),
                                    t.domains(),
                                    t.createdAt(),
                                    t.expiresAt(),
                                    t.createdBy(),
                                    secret.reveal()))
                            .build());
        });
    }

    @GET
    public Uni<List<TokenView>> list() {
        return guard.requireAdmin(Action.TOKEN_LIST, null, "tokens")
                .flatMap(caller -> tokens.list())
                .map(all -> all.stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return guard.requireAdmin(Action.TOKEN_REVOKE, null, id).flatMap(caller -> {
            AuditEvent audit = Guard.event(caller, Action.TOKEN_REVOKE, id, null);
            return tokens.revoke(id, audit).map(outcome -> {
                if (outcome == Revocation.UNKNOWN) {
                    Guard.logged(audit.withOutcome(AuditEvent.NOT_FOUND));
                    throw ApiException.notFound("No token '" + id + "'");
                }
                Guard.logged(audit);
                authenticator.revokedHere(id);
                return Response.noContent().build();
            });
        });
    }

    private static NewToken validate(TokenRequest body) {
        if (body == null) {
            throw ApiException.badRequest(
                    "The body must be {\"name\": ..., \"role\": \"operator\"|\"worker\", \"domains\": [...]}");
        }
        Duration expiresIn = null;
        Instant expiresAt = null;
        try {
            expiresIn = body.expiresIn() == null ? null : Duration.parse(body.expiresIn());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "expiresIn must be an ISO-8601 duration such as P30D or PT12H, was '" + body.expiresIn() + "'");
        }
        try {
            expiresAt = body.expiresAt() == null ? null : Instant.parse(body.expiresAt());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("expiresAt must be an ISO-8601 instant such as 2030-01-31T00:00:00Z, was '"
                    + body.expiresAt() + "'");
        }
        return NewToken.of(body.name(), body.role(), body.domains(), expiresIn, expiresAt, Instant.now());
    }

    private static String describe(NewToken t) {
        return "name=" + t.name() + " role=" + t.role().wireName()
                + (t.domains().isEmpty() ? "" : " domains=" + String.join(",", t.domains()))
                + (t.expiresAt() == null ? "" : " expiresAt=" + t.expiresAt());
    }

    private static String idOf(Principal caller) {
        return caller == null ? AuditEvent.ANONYMOUS : caller.id();
    }
}
