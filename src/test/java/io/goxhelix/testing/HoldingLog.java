package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What simulated workers' applications held and when, on one monotonic clock (or what a model says
 * they were entitled to, on its own clock). The safety check of the contract from the workers' own
 * point of view, made by {@link Invariants}: per partition, holding intervals never overlap and each
 * holder's epoch is greater than the previous holder's.
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

    /** Fails when two holdings of a partition overlapped or epochs did not rise (see {@link Invariants#safety}). */
    public void assertSafe() {
        assertThat(violations()).isEmpty();
    }

    /** Overlapping holdings (S1) and non-increasing epochs (S3), as {@link Invariants#safety} finds them. */
    public List<String> violations() {
        return Invariants.safety(intervals());
    }

    /** Number of times a partition passed from one worker to another. */
    public int handoffs() {
        int handoffs = 0;
        for (List<Interval> list : Invariants.byPartition(intervals()).values()) {
            for (int k = 1; k < list.size(); k++) {
                if (!list.get(k).worker().equals(list.get(k - 1).worker())) {
                    handoffs++;
                }
            }
        }
        return handoffs;
    }
}
