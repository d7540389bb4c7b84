package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What simulated workers' applications held and when, on one monotonic clock. The safety check of
 * the contract, from the workers' own point of view: per partition, holding intervals never overlap
 * and each holder's epoch is greater than the previous holder's.
 */
public final class HoldingLog {

    public record Interval(String queue, int partition, String worker, long epoch, long start, long end) {}

    private final List<Interval> closed = new ArrayList<>();
    private final Map<String, Interval> open = new HashMap<>();

    public void acquired(String worker, String queue, int partition, long epoch) {
        acquired(worker, queue, partition, epoch, System.nanoTime());
    }

    /** {@code worker} started holding the partition at {@code at} (a {@link System#nanoTime()} reading). */
    public synchronized void acquired(String worker, String queue, int partition, long epoch, long at) {
        String key = worker + "/" + queue + "/" + partition;
        open.put(key, new Interval(queue, partition, worker, epoch, at, Long.MAX_VALUE));
    }

    public void released(String worker, String queue, int partition) {
        released(worker, queue, partition, System.nanoTime());
    }

    /** {@code worker} stopped holding the partition at {@code at}; nothing if it did not hold it. */
    public synchronized void released(String worker, String queue, int partition, long at) {
        Interval i = open.remove(worker + "/" + queue + "/" + partition);
        if (i != null) {
            closed.add(
                    new Interval(i.queue(), i.partition(), i.worker(), i.epoch(), i.start(), Math.max(i.start(), at)));
        }
    }

    /** The intervals still open, of one worker. */
    public synchronized List<Interval> holding(String worker) {
        return open.values().stream().filter(i -> i.worker().equals(worker)).toList();
    }

    public synchronized List<Interval> intervals() {
        List<Interval> all = new ArrayList<>(closed);
        all.addAll(open.values());
        return all;
    }

    /** Fails on the first pair of overlapping holdings or non-increasing epochs of a partition. */
    public void assertSafe() {
        assertThat(violations()).isEmpty();
    }

    public List<String> violations() {
        Map<String, List<Interval>> byPartition = new HashMap<>();
        for (Interval i : intervals()) {
            byPartition
                    .computeIfAbsent(i.queue() + "/" + i.partition(), k -> new ArrayList<>())
                    .add(i);
        }
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<Interval>> e : byPartition.entrySet()) {
            List<Interval> list = e.getValue();
            list.sort(Comparator.comparingLong(Interval::start));
            for (int k = 1; k < list.size(); k++) {
                Interval prev = list.get(k - 1);
                Interval next = list.get(k);
                if (next.start() < prev.end()) {
                    violations.add(e.getKey() + ": " + next.worker() + " took it while " + prev.worker() + " held it");
                }
                // A worker pausing and resuming under the same grant (worker rule (b)) is not a new holder.
                boolean resumed = next.worker().equals(prev.worker()) && next.epoch() == prev.epoch();
                if (!resumed && next.epoch() <= prev.epoch()) {
                    violations.add(e.getKey() + ": epoch " + next.epoch() + " after " + prev.epoch());
                }
            }
        }
        return violations;
    }

    /** Number of times a partition passed from one worker to another. */
    public int handoffs() {
        Map<String, List<Interval>> byPartition = new HashMap<>();
        for (Interval i : intervals()) {
            byPartition
                    .computeIfAbsent(i.queue() + "/" + i.partition(), k -> new ArrayList<>())
                    .add(i);
        }
        int handoffs = 0;
        for (List<Interval> list : byPartition.values()) {
            list.sort(Comparator.comparingLong(Interval::start));
            for (int k = 1; k < list.size(); k++) {
                if (!list.get(k).worker().equals(list.get(k - 1).worker())) {
                    handoffs++;
                }
            }
        }
        return handoffs;
    }
}
