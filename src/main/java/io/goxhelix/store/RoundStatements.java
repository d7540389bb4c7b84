package io.goxhelix.store;

import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.Move;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.coordination.WorkerRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The bulk statements of a round's write, as text (see {@link SqlText}): a cold start writes 100 000
 * partition rows in one round, and 8 binary parameters a row made that the longest part of it.
 */
final class RoundStatements {

    /** Workers per checked update: large enough to amortise round trips, far below any limit. */
    private static final int WORKERS_PER_UPDATE = 500;

    /**
     * Partition rows per upsert: each statement is a round trip that waits for the processor on a busy
     * machine; 2 000 rows are about 150 KB of text, far below {@code max_allowed_packet} (16 MB on
     * MariaDB, 64 MB on MySQL 8).
     */
    private static final int ROWS_PER_UPSERT = 2000;

    /** A statement and the number of rows it must change for the round to stand. */
    record Checked(String sql, int rows) {}

    private RoundStatements() {}

    /** The plan's partition rows, stamped with {@code term}, {@link #ROWS_PER_UPSERT} to a statement. */
    static List<String> upsertPartitions(RoundPlan plan, long term) {
        return chunks(plan.partitions(), ROWS_PER_UPSERT).stream()
                .map(rows -> upsert(plan.domain(), rows, term))
                .toList();
    }

    private static String upsert(String domain, List<PartitionRow> rows, long term) {
        StringBuilder sql = new StringBuilder(64 * rows.size() + 256)
                .append("INSERT INTO partitions (domain, queue, partition_no, owner, state,"
                        + " epoch, release_version, term) VALUES ");
        StringBuilder quotedDomain = SqlText.name(new StringBuilder(), domain);
        return tuples(sql, rows, (tuple, r) -> {
                    tuple.append(quotedDomain).append(", ");
                    SqlText.name(tuple, r.queue())
                            .append(", ")
                            .append(r.partition())
                            .append(", ");
                    SqlText.workerIdOrNull(tuple, r.owner()).append(", ");
                    SqlText.constant(tuple, r.state())
                            .append(", ")
                            .append(r.epoch())
                            .append(", ");
                    tuple.append(r.releaseVersion()).append(", ").append(term);
                })
                .append(" ON DUPLICATE KEY UPDATE owner = VALUES(owner), state = VALUES(state), epoch = VALUES(epoch),"
                        + " release_version = VALUES(release_version), term = VALUES(term)")
                .toString();
    }

    /**
     * The plan's ledger entries, {@link #ROWS_PER_UPSERT} to a statement, stamped with the database
     * clock and {@code term}; in the order the plan lists them, which is the order of their ids.
     */
    static List<String> insertMoves(RoundPlan plan, long term) {
        return chunks(plan.moves(), ROWS_PER_UPSERT).stream()
                .map(moves -> insert(plan.domain(), moves, term))
                .toList();
    }

    private static String insert(String domain, List<Move> moves, long term) {
        StringBuilder sql = new StringBuilder(160 * moves.size() + 256)
                .append("INSERT INTO ledger (at, term, domain, queue, partition_no, from_worker, to_worker,"
                        + " epoch, reason, live_workers) VALUES ");
        StringBuilder quotedDomain = SqlText.name(new StringBuilder(), domain);
        return tuples(sql, moves, (tuple, m) -> {
                    tuple.append("UTC_TIMESTAMP(3), ").append(term).append(", ");
                    tuple.append(quotedDomain).append(", ");
                    SqlText.name(tuple, m.queue())
                            .append(", ")
                            .append(m.partition())
                            .append(", ");
                    SqlText.workerIdOrNull(tuple, m.from()).append(", ");
                    SqlText.workerIdOrNull(tuple, m.to())
                            .append(", ")
                            .append(m.epoch())
                            .append(", ");
                    SqlText.constant(tuple, m.reason()).append(", ").append(m.liveWorkers());
                })
                .toString();
    }

    /**
     * Gives the workers the plan moves their new versions (and ends the leases it expires), each only
     * if it is as the round read it: still live at the same version, and still expired if the round
     * expires it. Up to {@link #WORKERS_PER_UPDATE} workers a statement, in primary-key order (the
     * order heartbeat batches lock in); the check and the write are one statement. Workers the plan
     * does not move need no check: for them the plan only keeps partitions or frees those whose release
     * they confirmed, which a later leave, expiry or acknowledgement cannot make unsafe.
     */
    static List<Checked> moveWorkers(DomainState state, RoundPlan plan, long leaseMicros) {
        Map<String, WorkerRow> read = new HashMap<>();
        for (WorkerRow w : state.workers()) {
            read.put(w.id(), w);
        }
        List<WorkerChange> moved = plan.workers().stream()
                .sorted(Comparator.comparing(WorkerChange::id))
                .toList();
        return chunks(moved, WORKERS_PER_UPDATE).stream()
                .map(chunk -> new Checked(move(plan.domain(), chunk, read, leaseMicros), chunk.size()))
                .toList();
    }

    private static String move(String domain, List<WorkerChange> chunk, Map<String, WorkerRow> read, long leaseMicros) {
        List<String> ids = chunk.stream().map(WorkerChange::id).toList();
        List<String> expired = chunk.stream()
                .filter(WorkerChange::expired)
                .map(WorkerChange::id)
                .toList();
        StringBuilder sql =
                new StringBuilder(100 * chunk.size() + 256).append("UPDATE workers SET version = version + 1");
        if (!expired.isEmpty()) {
            SqlText.workerIds(sql.append(", live = worker_id NOT IN ("), expired)
                    .append(')');
        }
        SqlText.name(sql.append(" WHERE domain = "), domain).append(" AND worker_id IN (");
        // The plain IN list gives the optimiser the primary-key lookups; the row IN list is the check.
        SqlText.workerIds(sql, ids).append(") AND live AND (worker_id, version) IN (");
        tuples(
                sql,
                chunk,
                (tuple, w) -> SqlText.workerId(tuple, w.id()).append(", ").append(versionBefore(w, read.get(w.id()))));
        sql.append(')');
        if (!expired.isEmpty()) {
            SqlText.workerIds(sql.append(" AND (worker_id NOT IN ("), expired)
                    .append(") OR last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ")
                    .append(leaseMicros)
                    .append(" MICROSECOND)");
        }
        return sql.append(" ORDER BY worker_id").toString();
    }

    /** The version the round read: a plan moves each worker one version on, never more. */
    private static long versionBefore(WorkerChange w, WorkerRow before) {
        if (before == null || w.newVersion() != before.version() + 1) {
            throw new IllegalStateException("worker " + w.id() + " is moved to version " + w.newVersion() + " from "
                    + (before == null ? "nothing" : before.version()));
        }
        return before.version();
    }

    /** {@code rows} cut into consecutive lists of at most {@code size}, one a statement. */
    private static <T> List<List<T>> chunks(List<T> rows, int size) {
        List<List<T>> chunks = new ArrayList<>(rows.size() / size + 1);
        for (int from = 0; from < rows.size(); from += size) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + size)));
        }
        return chunks;
    }

    /** Appends one parenthesised tuple a row, comma separated, its fields written by {@code fields}. */
    private static <T> StringBuilder tuples(StringBuilder sql, List<T> rows, BiConsumer<StringBuilder, T> fields) {
        for (int i = 0; i < rows.size(); i++) {
            fields.accept(sql.append(i == 0 ? "(" : ", ("), rows.get(i));
            sql.append(')');
        }
        return sql;
    }
}
