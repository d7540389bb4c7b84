package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads of the ledger (written by the round, see {@code RoundStatements#insertMoves}) and its pruning.
 * Every read is a page in id order: {@code after} a cursor, the next {@code limit} entries; without a
 * cursor ({@code after} < 0), the latest {@code limit} entries, still oldest first.
 */
@ApplicationScoped
public class LedgerStore {

    private static final String COLUMNS = "SELECT id, at, term, domain, queue, partition_no, from_worker, to_worker,"
            + " epoch, reason, live_workers FROM ledger WHERE domain = ?";

    /** Statements per prune: a backlog is worked off over several periodic rounds. */
    private static final int PRUNE_STATEMENTS = 10;

    private final Pool pool;

    LedgerStore(Pool pool) {
        this.pool = pool;
    }

    /** The domain's entries. */
    public Uni<List<LedgerEntry>> domain(String domain, long after, int limit) {
        return page(COLUMNS, Tuple.of(domain), after, limit);
    }

    /** The entries of one partition. */
    public Uni<List<LedgerEntry>> partition(String domain, String queue, int partition, long after, int limit) {
        return page(COLUMNS + " AND queue = ? AND partition_no = ?", Tuple.of(domain, queue, partition), after, limit);
    }

    /** The entries that gave a partition to the worker or took one from it. */
    public Uni<List<LedgerEntry>> worker(String domain, String workerId, long after, int limit) {
        return page(
                COLUMNS + " AND (from_worker = ? OR to_worker = ?)",
                Tuple.of(domain, workerId, workerId),
                after,
                limit);
    }

    /** The latest entry of one partition, if the ledger still has one. */
    public Uni<Optional<LedgerEntry>> last(String domain, String queue, int partition) {
        return partition(domain, queue, partition, -1, 1)
                .map(entries -> entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0)));
    }

    /** A partition's row as it stands: empty if the queue does not exist or has fewer partitions. */
    public Uni<Optional<PartitionNow>> now(String domain, String queue, int partition) {
        return pool.preparedQuery("SELECT q.partitions, p.owner, p.state, p.epoch FROM queues q"
                        + " LEFT JOIN partitions p ON p.domain = q.domain AND p.queue = q.queue AND p.partition_no = ?"
                        + " WHERE q.domain = ? AND q.queue = ?")
                .execute(Tuple.of(partition, domain, queue))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rs.iterator().next();
                    if (partition >= r.getInteger(0)) {
                        return Optional.empty();
                    }
                    return Optional.of(
                            r.getString(2) == null
                                    ? new PartitionNow(null, "UNASSIGNED", 0)
                                    : new PartitionNow(r.getString(1), r.getString(2), r.getLong(3)));
                });
    }

    /** A partition's owner (for {@code HELD}, the worker it is kept for), state and epoch. */
    public record PartitionNow(String owner, String state, long epoch) {}

    /** The highest id of the domain's entries, 0 if none: where a stream with no cursor starts. */
    public Uni<Long> head(String domain) {
        return pool.preparedQuery("SELECT COALESCE(MAX(id), 0) FROM ledger WHERE domain = ?")
                .execute(Tuple.of(domain))
                .map(rs -> rs.iterator().next().getLong(0));
    }

    /**
     * Deletes entries older than {@code retention}, {@code batch} per statement and at most {@link
     * #PRUNE_STATEMENTS} statements; returns how many went.
     */
    public Uni<Integer> prune(Duration retention, int batch) {
        return pruneFrom(retention.toNanos() / 1000, batch, PRUNE_STATEMENTS, 0);
    }

    private Uni<Integer> pruneFrom(long micros, int batch, int statementsLeft, int deleted) {
        return pool.preparedQuery("DELETE FROM ledger WHERE at < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND LIMIT ?")
                .execute(Tuple.of(micros, batch))
                .flatMap(rs -> rs.rowCount() == batch && statementsLeft > 1
                        ? pruneFrom(micros, batch, statementsLeft - 1, deleted + rs.rowCount())
                        : Uni.createFrom().item(deleted + rs.rowCount()));
    }

    private Uni<List<LedgerEntry>> page(String select, Tuple args, long after, int limit) {
        boolean tail = after < 0;
        String sql = select + (tail ? " ORDER BY id DESC LIMIT ?" : " AND id > ? ORDER BY id LIMIT ?");
        if (!tail) {
            args.addLong(after);
        }
        args.addInteger(limit);
        return pool.preparedQuery(sql).execute(args).map(rs -> {
            List<LedgerEntry> entries = entries(rs);
            if (tail) {
                Collections.reverse(entries);
            }
            return entries;
        });
    }

    private static List<LedgerEntry> entries(RowSet<Row> rs) {
        List<LedgerEntry> entries = new ArrayList<>(rs.size());
        for (Row r : rs) {
            entries.add(new LedgerEntry(
                    r.getLong(0),
                    r.getLocalDateTime(1).toInstant(ZoneOffset.UTC),
                    r.getLong(2),
                    r.getString(3),
                    r.getString(4),
                    r.getInteger(5),
                    r.getString(6),
                    r.getString(7),
                    r.getLong(8),
                    r.getString(9).toLowerCase(Locale.ROOT),
                    r.getInteger(10)));
        }
        return entries;
    }
}
