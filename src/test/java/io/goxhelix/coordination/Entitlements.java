package io.goxhelix.coordination;

import io.goxhelix.testing.HoldingLog;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Who is entitled to what (S1), kept as a {@link HoldingLog} on a step clock so that {@link
 * io.goxhelix.testing.Invariants} can judge it like the workers' own records. A worker is entitled to
 * a partition while it is active and the partition is in one of its snapshots from the version it last
 * acknowledged (or registered at, if later) up to its current one: it may be working on any snapshot
 * it was sent and has not acknowledged past.
 */
final class Entitlements {

    record Key(String queue, int partition) {}

    private final Map<String, NavigableMap<Long, Map<Key, Long>>> snapshots = new HashMap<>();
    /** The version each worker last registered at: no snapshot before it counts (rule 2). */
    private final Map<String, Long> since = new HashMap<>();

    private final Map<String, Map<Key, Long>> entitled = new HashMap<>();
    private final HoldingLog log = new HoldingLog();
    private int acquisitions;

    /** The worker (re-)registered at {@code version}, whose snapshot is {@code snapshot}. */
    void registered(String worker, long version, Map<Key, Long> snapshot) {
        since.put(worker, version);
        issued(worker, version, snapshot);
    }

    /** The service gives {@code worker} this snapshot (partition to epoch) at {@code version}. */
    void issued(String worker, long version, Map<Key, Long> snapshot) {
        snapshots.computeIfAbsent(worker, k -> new TreeMap<>()).put(version, Map.copyOf(snapshot));
    }

    /** Partition to epoch, what {@code w} is entitled to as its row stands. */
    Map<Key, Long> of(WorkerRow w) {
        Map<Key, Long> union = new HashMap<>();
        if (!w.active()) {
            return union;
        }
        long from = Math.max(w.ackedVersion(), since.getOrDefault(w.id(), 0L));
        snapshots
                .getOrDefault(w.id(), new TreeMap<>())
                .subMap(from, true, w.version(), true)
                .values()
                .forEach(s -> s.forEach((k, epoch) -> union.merge(k, epoch, Math::max)));
        return union;
    }

    /** Records, at {@code at}, every entitlement that began or ended since the last update. */
    void update(Collection<WorkerRow> workers, long at) {
        for (WorkerRow w : workers) {
            Map<Key, Long> now = of(w);
            Map<Key, Long> before = entitled.getOrDefault(w.id(), Map.of());
            before.forEach((k, epoch) -> {
                if (!epoch.equals(now.get(k))) {
                    log.released(w.id(), k.queue(), k.partition(), at);
                }
            });
            now.forEach((k, epoch) -> {
                if (!epoch.equals(before.get(k))) {
                    log.acquired(w.id(), k.queue(), k.partition(), epoch, at);
                    acquisitions++;
                }
            });
            entitled.put(w.id(), now);
        }
    }

    /** How many entitlements began so far: only a beginning can overlap another. */
    int acquisitions() {
        return acquisitions;
    }

    HoldingLog log() {
        return log;
    }
}
