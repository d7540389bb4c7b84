package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.ZoneOffset;

/**
 * The election's dedicated session: it holds the {@code GET_LOCK} lock, opens fencing terms, and is
 * the connection every round of the acting coordinator runs on. It never returns to a pool, and the
 * server drops it after a few seconds of silence (see {@link LockSessions#open}), so a killed, frozen
 * or cut-off holder loses the lock quickly.
 */
public final class LockSession {

    private final SqlConnection connection;

    LockSession(SqlConnection connection) {
        this.connection = connection;
    }

    /** The session's connection, for the round transactions of the store. */
    SqlConnection connection() {
        return connection;
    }

    /** True if this session took the lock now; never waits for another holder. */
    public Uni<Boolean> tryLock(String lockName) {
        return connection
                .preparedQuery("SELECT GET_LOCK(?, 0)")
                .execute(Tuple.of(lockName))
                .map(rs -> Integer.valueOf(1).equals(rs.iterator().next().getInteger(0)));
    }

    /** True while this session holds the lock; doubles as the keep-alive of the session. */
    public Uni<Boolean> holds(String lockName) {
        return connection
                .preparedQuery("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")
                .execute(Tuple.of(lockName))
                .map(rs -> Integer.valueOf(1).equals(rs.iterator().next().getInteger(0)));
    }

    public Uni<Void> release(String lockName) {
        return connection
                .preparedQuery("SELECT RELEASE_LOCK(?)")
                .execute(Tuple.of(lockName))
                .replaceWithVoid();
    }

    /** Opens a new term for the instance that just took the lock. */
    public Uni<Term> claimTerm(String termName, String instanceId) {
        return connection
                .preparedQuery("INSERT INTO coordinator_term (name, term, holder, since)"
                        + " VALUES (?, 1, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE"
                        + " term = term + 1, holder = VALUES(holder), since = VALUES(since)")
                .execute(Tuple.of(termName, instanceId))
                .flatMap(ignored -> connection
                        .preparedQuery("SELECT term, holder, since FROM coordinator_term WHERE name = ?")
                        .execute(Tuple.of(termName)))
                .map(rs -> toTerm(rs.iterator().next()));
    }

    /** Runs {@code handler} once the connection is closed, by either side. */
    public void onClose(Runnable handler) {
        connection.closeHandler(handler);
    }

    /** Closes the session, which releases its lock and rolls back its transaction on the server. */
    public Uni<Void> close() {
        return connection.close();
    }

    static Term toTerm(Row r) {
        return new Term(r.getLong(0), r.getString(1), r.getLocalDateTime(2).toInstant(ZoneOffset.UTC));
    }
}
