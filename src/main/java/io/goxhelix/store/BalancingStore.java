package io.goxhelix.store;

import io.goxhelix.coordination.Balancing;
import io.goxhelix.coordination.LoadReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's balancing mode as stored ({@code domain_balancing}), and what a round of a domain in load
 * mode reads besides the rest: the live workers' load reports and the partitions moved within the
 * cooldown (from the ledger). A change is written with its audit entry and a signal on the change
 * feed, so that the next round balances the new way.
 */
@ApplicationScoped
public class BalancingStore {

    /** What {@code GET …/balancing} shows; {@code since} and {@code by} null in count mode. */
    public record Mode(String domain, String mode, Double tolerance, Instant since, String by) {

        static Mode count(String domain) {
            return new Mode(domain, "count", null, null, null);
        }
    }

    private final Pool pool;

    BalancingStore(Pool pool) {
        this.pool = pool;
    }

    /** Puts the domain in load mode with {@code tolerance}, replacing an earlier setting. */
    public Uni<Mode> byLoad(String domain, double tolerance, AuditEvent audit) {
        return pool.withTransaction(tx -> AuditStore.append(tx, audit)
                .flatMap(ignored -> tx.preparedQuery("INSERT INTO domain_balancing"
                                + " (domain, mode, tolerance, updated_at, updated_by)"
                                + " VALUES (?, 'LOAD', ?, UTC_TIMESTAMP(3), ?)"
                                + " ON DUPLICATE KEY UPDATE mode = VALUES(mode), tolerance = VALUES(tolerance),"
                                + " updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)")
                        .execute(Tuple.of(domain, tolerance, audit.principal())))
                .flatMap(ignored -> ChangeFeed.append(tx, List.of(Change.signal(domain))))
                .flatMap(ignored -> mode(tx, domain)));
    }

    /** Back to count mode (the default); the next round balances by count again. */
    public Uni<Mode> byCount(String domain, AuditEvent audit) {
        return pool.withTransaction(tx -> AuditStore.append(tx, audit)
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM domain_balancing WHERE domain = ?")
                        .execute(Tuple.of(domain)))
                .flatMap(ignored -> ChangeFeed.append(tx, List.of(Change.signal(domain))))
                .map(ignored -> Mode.count(domain)));
    }

    public Uni<Mode> mode(String domain) {
        return mode(pool, domain);
    }

    private static Uni<Mode> mode(SqlClient c, String domain) {
        return c.preparedQuery("SELECT tolerance, updated_at, updated_by FROM domain_balancing WHERE domain = ?")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Mode.count(domain);
                    }
                    Row r = rs.iterator().next();
                    return new Mode(
                            domain,
                            "load",
                            r.getDouble(0),
                            r.getLocalDateTime(1).toInstant(ZoneOffset.UTC),
                            r.getString(2));
                });
    }

    /** What a round reads of the domain's balancing: nothing more in count mode. */
    static Uni<Balancing> forRound(SqlClient c, String domain, Duration cooldown) {
        return c.preparedQuery("SELECT tolerance FROM domain_balancing WHERE domain = ?")
                .execute(Tuple.of(domain))
                .flatMap(rs -> rs.size() == 0
                        ? Uni.createFrom().item(Balancing.BY_COUNT)
                        : reports(c, domain)
                                .flatMap(reports -> recentMoves(c, domain, cooldown)
                                        .map(recent -> Balancing.byLoad(
                                                rs.iterator().next().getDouble(0), reports, recent))));
    }

    private static Uni<Map<String, LoadReport>> reports(SqlClient c, String domain) {
        return c.preparedQuery("SELECT worker_id, loads FROM workers WHERE domain = ? AND live AND loads IS NOT NULL")
                .execute(Tuple.of(domain))
                .map(rs -> {
                    Map<String, LoadReport> reports = new HashMap<>();
                    for (Row r : rs) {
                        reports.put(r.getString(0), LoadColumn.split(r.getString(1)));
                    }
                    return reports;
                });
    }

    /** Per queue and partition, how long ago (ms) it last changed owner, for those within the cooldown. */
    private static Uni<Map<String, Map<Integer, Long>>> recentMoves(SqlClient c, String domain, Duration cooldown) {
        return c.preparedQuery("SELECT queue, partition_no, TIMESTAMPDIFF(MICROSECOND, MAX(at), UTC_TIMESTAMP(3))"
                        + " FROM ledger WHERE domain = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " GROUP BY queue, partition_no")
                .execute(Tuple.of(domain, RoundStore.micros(cooldown)))
                .map(rs -> {
                    Map<String, Map<Integer, Long>> recent = new HashMap<>();
                    for (Row r : rs) {
                        recent.computeIfAbsent(r.getString(0), q -> new HashMap<>())
                                .put(r.getInteger(1), Math.max(0, r.getLong(2)) / 1000);
                    }
                    return recent;
                });
    }
}
