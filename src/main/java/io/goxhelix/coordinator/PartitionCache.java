package io.goxhelix.coordinator;

import io.goxhelix.coordination.PartitionRow;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The acting coordinator's copy of each domain's partition rows, so that a round need not read (and
 * lock) every partition of its domain again: a domain of 100 000 partitions costs a few hundred
 * milliseconds a read, most of a small round.
 *
 * <p>Why a copy is exact: only rounds write partitions, and a round writes only under the term it
 * checked with the term row locked, which a new coordinator must lock to open its own term. Within one
 * term, then, the rows a round read, plus what each later round of that term committed, are the rows
 * in the database. A copy belongs to the term that made it and is worthless under any other; a round
 * that fails forgets its domain (its commit may have happened or not). A copy older than {@code
 * maxAgeNanos} is read again all the same, and a difference is reported: it would be a defect, or a
 * hand edit of the table.
 */
public final class PartitionCache {

    /** In the warning logged when a copy is found different: what log checks (the soak test) look for. */
    public static final String MISMATCH = "partitions differed from the database";

    private static final Logger LOG = Logger.getLogger(PartitionCache.class);

    private record Key(String queue, int partition) {}

    private static final class Copy {
        final long term;
        final long loadedAt;
        final Map<Key, PartitionRow> rows;

        Copy(long term, long loadedAt, Map<Key, PartitionRow> rows) {
            this.term = term;
            this.loadedAt = loadedAt;
            this.rows = rows;
        }
    }

    private final long maxAgeNanos;
    private final Map<String, Copy> domains = new ConcurrentHashMap<>();

    PartitionCache(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The domain's rows as of the last round committed under {@code term}; null if they must be read. */
    List<PartitionRow> rows(String domain, long term, long now) {
        Copy copy = domains.get(domain);
        if (copy == null || copy.term != term || now - copy.loadedAt > maxAgeNanos) {
            return null;
        }
        synchronized (copy) {
            return List.copyOf(copy.rows.values());
        }
    }

    /**
     * The rows a round of {@code term} read, with its term row locked.
     *
     * @return false if the copy they replace, of the same term, differed from them
     */
    boolean loaded(String domain, long term, long now, List<PartitionRow> read) {
        Map<Key, PartitionRow> rows = new HashMap<>(read.size() * 2);
        // Rows read from the database carry one string per row: share them (100 000 rows, 1 000 owners).
        Map<String, String> strings = new HashMap<>();
        for (PartitionRow r : read) {
            String queue = strings.computeIfAbsent(r.queue(), s -> s);
            String owner = r.owner() == null ? null : strings.computeIfAbsent(r.owner(), s -> s);
            PartitionRow shared =
                    new PartitionRow(queue, r.partition(), owner, r.state(), r.epoch(), r.releaseVersion());
            rows.put(new Key(queue, r.partition()), shared);
        }
        Copy previous = domains.put(domain, new Copy(term, now, rows));
        if (previous == null || previous.term != term) {
            return true;
        }
        synchronized (previous) {
            if (previous.rows.equals(rows)) {
                return true;
            }
            LOG.warnf(
                    "the copy of domain %s's " + MISMATCH + " (%s); using the database",
                    domain,
                    difference(previous.rows, rows));
            return false;
        }
    }

    /** The rows a round of {@code term} wrote and committed. */
    void committed(String domain, long term, List<PartitionRow> written) {
        Copy copy = domains.get(domain);
        if (copy == null || copy.term != term) {
            return;
        }
        synchronized (copy) {
            for (PartitionRow r : written) {
                copy.rows.put(new Key(r.queue(), r.partition()), r);
            }
        }
    }

    void forget(String domain) {
        domains.remove(domain);
    }

    /** Drops the copies of domains that no longer have workers, queues or owned partitions. */
    void retainOnly(Collection<String> active) {
        Set<String> keep = new HashSet<>(active);
        domains.keySet().removeIf(d -> !keep.contains(d));
    }

    private static String difference(Map<Key, PartitionRow> copy, Map<Key, PartitionRow> database) {
        int differing = 0;
        String first = null;
        Set<Key> keys = new HashSet<>(copy.keySet());
        keys.addAll(database.keySet());
        for (Key k : keys) {
            PartitionRow a = copy.get(k);
            PartitionRow b = database.get(k);
            if (a == null ? b != null : !a.equals(b)) {
                differing++;
                if (first == null) {
                    first = "copy " + a + ", database " + b;
                }
            }
        }
        return differing + " rows, e.g. " + first;
    }
}
