package io.goxhelix.store;

import io.goxhelix.access.NewToken;
import io.goxhelix.access.Role;
import io.goxhelix.access.Token;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Bearer tokens, kept by the SHA-256 digest of their secret (never the secret). A token is looked up
 * by that digest (a unique index), revoked by setting {@code revoked_at}, and never deleted.
 */
@ApplicationScoped
public class TokenStore {

    private static final String COLUMNS = "id, name, role, domains, created_at, expires_at, revoked_at, created_by";

    private final Pool pool;

    TokenStore(Pool pool) {
        this.pool = pool;
    }

    /** What a revocation did. */
    public enum Revocation {
        REVOKED,
        ALREADY_REVOKED,
        UNKNOWN
    }

    /** The ids of tokens revoked at or after a time, and the latest revocation time among them. */
    public record Revoked(List<String> ids, Instant latest) {}

    /**
     * Stores a new token under the digest of its secret, with its audit line (whose target becomes
     * the new token's id), in one transaction.
     */
    public Uni<Token> create(NewToken token, String secretHash, String createdBy, AuditEvent audit) {
        String id = UUID.randomUUID().toString();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO api_tokens (id, name, role, domains,"
                                + " secret_hash, created_at, expires_at, revoked_at, created_by)"
                                + " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3), ?, NULL, ?)")
                        .execute(Tuple.from(new Object[] {
                            id,
                            token.name(),
                            token.role().wireName(),
                            QueueListColumn.join(token.domains()),
                            secretHash,
                            utc(token.expiresAt()),
                            createdBy
                        }))
                        .flatMap(ignored -> AuditStore.append(tx, audit.withTarget(id)))
                        .flatMap(ignored -> tx.preparedQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?")
                                .execute(Tuple.of(id))))
                .map(rs -> toToken(rs.iterator().next()));
    }

    /** The token whose secret has this digest, whatever its state (expired and revoked included). */
    public Uni<Optional<Token>> byHash(String secretHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE secret_hash = ?")
                .execute(Tuple.of(secretHash))
                .map(rs -> rs.size() == 0
                        ? Optional.empty()
                        : Optional.of(toToken(rs.iterator().next())));
    }

    /** Every token, oldest first. */
    public Uni<List<Token>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id")
                .execute()
                .map(TokenStore::toTokens);
    }

    /** Revokes a token (idempotent), with its audit line, in one transaction. */
    public Uni<Revocation> revoke(String id, AuditEvent audit) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP(3) WHERE id = ? AND revoked_at IS NULL")
                .execute(Tuple.of(id))
                .flatMap(rs -> rs.rowCount() == 1
                        ? Uni.createFrom().item(Revocation.REVOKED)
                        : tx.preparedQuery("SELECT 1 FROM api_tokens WHERE id = ?")
                                .execute(Tuple.of(id))
                                .map(found -> found.size() == 0 ? Revocation.UNKNOWN : Revocation.ALREADY_REVOKED))
                .call(outcome -> AuditStore.append(
                        tx, outcome == Revocation.UNKNOWN ? audit.withOutcome(AuditEvent.NOT_FOUND) : audit)));
    }

    /**
     * The tokens revoked at or after {@code since} (by the database's clock), and the latest such
     * time (or {@code since} when there is none): one range read of an index.
     */
    public Uni<Revoked> revokedSince(Instant since) {
        return pool.preparedQuery("SELECT id, revoked_at FROM api_tokens WHERE revoked_at >= ?")
                .execute(Tuple.of(utc(since)))
                .map(rs -> {
                    List<String> ids = new ArrayList<>(rs.size());
                    Instant latest = since;
                    for (Row r : rs) {
                        ids.add(r.getString(0));
                        Instant at = instant(r.getLocalDateTime(1));
                        latest = at.isAfter(latest) ? at : latest;
                    }
                    return new Revoked(ids, latest);
                });
    }

    private static List<Token> toTokens(RowSet<Row> rs) {
        List<Token> tokens = new ArrayList<>(rs.size());
        for (Row r : rs) {
            tokens.add(toToken(r));
        }
        return tokens;
    }

    private static Token toToken(Row r) {
        return new Token(
                r.getString(0),
                r.getString(1),
                Role.ofWireName(r.getString(2)),
                new TreeSet<>(QueueListColumn.split(r.getString(3))),
                instant(r.getLocalDateTime(4)),
                instant(r.getLocalDateTime(5)),
                instant(r.getLocalDateTime(6)),
                r.getString(7));
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant at) {
        return at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
