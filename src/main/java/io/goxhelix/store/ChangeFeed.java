package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The change feed: how instances learn of new snapshots and the coordinator of new work. Writers
 * number their changes under the {@code feed_head} row lock, held to commit, so sequence order is
 * commit order and a reader never skips a change that commits later with a lower number.
 */
@ApplicationScoped
public class ChangeFeed {

    /** Rows per multi-row insert. */
    private static final int CHUNK = 500;

    private final Pool pool;

    ChangeFeed(Pool pool) {
        this.pool = pool;
    }

    /** Appends changes inside the caller's transaction; they share one sequence number. */
    public static Uni<Void> append(SqlConnection tx, List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.query("UPDATE feed_head SET seq = LAST_INSERT_ID(seq + 1) WHERE id = 1")
                .execute()
                .flatMap(rs -> {
                    long seq = rs.property(MySQLClient.LAST_INSERTED_ID);
                    // Multi-row inserts: a round that moves thousands of workers appends in a few statements.
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int from = 0; from < changes.size(); from += CHUNK) {
                        List<Change> chunk = changes.subList(from, Math.min(changes.size(), from + CHUNK));
                        chain = chain.flatMap(ignored -> insert(tx, seq, chunk));
                    }
                    return chain;
                })
                .replaceWithVoid();
    }

    /**
     * Sent as text (see {@link SqlText}): a round appends one row per worker it moves, 2 500 binary
     * parameters a statement otherwise.
     */
    private static Uni<Void> insert(SqlConnection tx, long seq, List<Change> chunk) {
        StringBuilder sql = new StringBuilder(96 * chunk.size() + 256)
                .append("INSERT INTO change_feed (seq, domain, worker_id, version, coordinate, created_at) VALUES ");
        for (int i = 0; i < chunk.size(); i++) {
            Change c = chunk.get(i);
            sql.append(i == 0 ? "(" : ", (").append(seq).append(", ");
            SqlText.name(sql, c.domain()).append(", ");
            // A domain-level signal has no worker: the empty string, the one value that is not an id.
            if (c.workerId().isEmpty()) {
                sql.append("''");
            } else {
                SqlText.workerId(sql, c.workerId());
            }
            sql.append(", ").append(c.version()).append(", ");
            SqlText.bool(sql, c.coordinate()).append(", UTC_TIMESTAMP(3))");
        }
        sql.append(" ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version)),"
                + " coordinate = coordinate OR VALUES(coordinate)");
        return tx.query(sql.toString()).execute().replaceWithVoid();
    }

    /** The sequence number of the latest committed change. */
    public Uni<Long> head() {
        return pool.query("SELECT seq FROM feed_head WHERE id = 1")
                .execute()
                .map(rs -> rs.iterator().next().getLong(0));
    }

    /**
     * Committed changes numbered after {@code seq}, at most {@code transactions} sequence numbers of
     * them, oldest first. Numbers are dense (a rolled-back writer gives its number back), so reading by
     * range never cuts one transaction's changes in two.
     */
    public Uni<List<Change>> after(long seq, int transactions) {
        return pool.preparedQuery("SELECT seq, domain, worker_id, version, coordinate FROM change_feed"
                        + " WHERE seq > ? AND seq <= ? ORDER BY seq")
                .execute(Tuple.of(seq, seq + transactions))
                .map(rs -> {
                    List<Change> changes = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        changes.add(new Change(
                                r.getLong(0), r.getString(1), r.getString(2), r.getLong(3), r.getBoolean(4)));
                    }
                    return changes;
                });
    }

    /** Drops changes older than the given age; every reader polls far more often than that. */
    public Uni<Integer> prune(long olderThanSeconds) {
        return pool.preparedQuery("DELETE FROM change_feed WHERE created_at < UTC_TIMESTAMP(3) - INTERVAL ? SECOND")
                .execute(Tuple.of(olderThanSeconds))
                .map(rs -> rs.rowCount());
    }
}
