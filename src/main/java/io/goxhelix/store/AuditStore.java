package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail: appended inside the transaction of the action it records (so that an action and
 * its line commit together), or on its own for a refusal, which changed nothing else.
 */
@ApplicationScoped
public class AuditStore {

    private final Pool pool;

    AuditStore(Pool pool) {
        this.pool = pool;
    }

    /** Appends an event inside the caller's transaction (or on the pool, as one statement). */
    static Uni<Void> append(SqlClient client, AuditEvent event) {
        return client.preparedQuery("INSERT INTO audit_log (at, principal, action, target, outcome, detail)"
                        + " VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?)")
                .execute(Tuple.of(event.principal(), event.action(), event.target(), event.outcome(), event.detail()))
                .replaceWithVoid();
    }

    /** Appends an event of its own, such as a refusal. */
    public Uni<Void> append(AuditEvent event) {
        return append(pool, event);
    }

    /** At most {@code limit} entries numbered after {@code after}, oldest first. */
    public Uni<List<AuditEntry>> after(long after, int limit) {
        return pool.preparedQuery("SELECT seq, at, principal, action, target, outcome, detail FROM audit_log"
                        + " WHERE seq > ? ORDER BY seq LIMIT ?")
                .execute(Tuple.of(after, limit))
                .map(rs -> {
                    List<AuditEntry> entries = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        entries.add(new AuditEntry(
                                r.getLong(0),
                                r.getLocalDateTime(1).toInstant(ZoneOffset.UTC),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                r.getString(6)));
                    }
                    return entries;
                });
    }
}
