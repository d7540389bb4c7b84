package io.goxhelix.soak;

import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.HoldingLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The planned events among the soak's faults: a worker that restarts under its id ({@code
 * closeForRestart()}, down for less than the restart grace, then a new process under the same id),
 * and an operator's drain of a live worker ({@code POST .../drain}, then the worker stops once
 * DRAINED). What happened to each is noted, and judged from the holding log once the run is over.
 */
final class PlannedFaults {

    /** The service's {@code gox.coordinator.restart-grace} in the soak. */
    static final Duration RESTART_GRACE = Duration.ofSeconds(10);
    /** How long the soak waits for a drain to end: far beyond a handoff, even behind other drains. */
    static final Duration DRAIN_PATIENCE = Duration.ofSeconds(60);
    /**
     * Moves a join or a queue change starts take up to a lease and a few rounds: so long before a
     * restart such a change may still be moving the restarting worker's partitions.
     */
    private static final long RESHAPE_LEAD_NANOS = Duration.ofSeconds(5).toNanos();

    /** What the soak lends: its fleet of workers, its background, its operator and its records. */
    interface Fleet {
        /** A worker no other fault is on, out of the fleet and marked busy; empty if none may go. */
        Optional<SoakWorker> take(boolean leaving);

        /** A new process under the id {@code id}, started and in the fleet; {@code draw} picks its first instance. */
        void startUnder(String id, int draw);

        /** The worker is gone for good: its application is looked at no more. */
        void gone(SoakWorker w);

        void inBackground(Runnable task);

        /** Tries the instances in turn until one carries the request out; false after a while. */
        boolean operator(Predicate<URI> request);

        /** An instance that is up, to read from. */
        Optional<URI> someInstance();

        /** Whether the partition was removed (its queue shrunk below it or deleted) between the two. */
        boolean removedBetween(String queue, int partition, long from, long to);

        /** Whether an instance or the database was down at some point between the two. */
        boolean outageBetween(long from, long to);

        /** Whether a worker joined, or a queue was created, resized or deleted, between the two. */
        boolean reshapedBetween(long from, long to);
    }

    /** A worker left to restart at {@code at} holding {@code held}. */
    private record Restart(String worker, long at, List<HoldingLog.Interval> held) {}

    /**
     * An operator asked for a worker's drain at {@code asked}; DRAINED at {@code drained}, or -1.
     * {@code cleared}: the drain was seen ended without DRAINED, as a fresh registration ends it (the
     * worker's lease ran out during an outage or a dropped connection, and its next heartbeat
     * registered it afresh), by design.
     */
    private record Drain(String worker, long asked, long drained, boolean cleared) {}

    /** The figures of the planned events of one run. */
    record Figures(
            int restarts,
            int partitionsBack,
            int partitionsElsewhere,
            int partitionsElsewhereQuiet,
            List<Long> backMillis,
            int drains,
            int drainsCleared,
            int drainsUnfinished,
            List<Long> drainedMillis) {}

    private final String domain;
    private final Fleet fleet;
    private final Random random;
    private final HoldingLog log;
    private final List<Restart> restarts = new CopyOnWriteArrayList<>();
    private final List<Drain> drains = new CopyOnWriteArrayList<>();

    PlannedFaults(String domain, Fleet fleet, Random random, HoldingLog log) {
        this.domain = domain;
        this.fleet = fleet;
        this.random = random;
        this.log = log;
    }

    /** Leaves to restart, stays down for well under the grace, comes back under the same id. */
    boolean restart() {
        // Drawn here, on the soak's thread, so that a seed replays them.
        long downMillis = 200 + random.nextInt((int) (RESTART_GRACE.toMillis() / 4));
        int draw = random.nextInt(Integer.MAX_VALUE);
        Optional<SoakWorker> victim = fleet.take(false);
        victim.ifPresent(w -> fleet.inBackground(() -> {
            long at = System.nanoTime();
            List<HoldingLog.Interval> held = log.holding(w.id());
            w.leaveForRestart();
            fleet.gone(w);
            restarts.add(new Restart(w.id(), at, held));
            sleep(downMillis);
            fleet.startUnder(w.id(), draw);
        }));
        return victim.isPresent();
    }

    /** An operator drains a live worker; once DRAINED (or after a while) it stops. */
    boolean drain() {
        Optional<SoakWorker> victim = fleet.take(true);
        victim.ifPresent(w -> fleet.inBackground(() -> {
            long asked = System.nanoTime();
            String end = fleet.operator(i -> Admin.drain(i, domain, w.id())) ? awaitDrainEnd(w.id()) : null;
            long drained = "DRAINED".equals(end) ? System.nanoTime() : -1;
            drains.add(new Drain(w.id(), asked, drained, end != null && drained < 0));
            // One line per drain, to be read against the logs when one does not end.
            System.out.printf(
                    "[soak] drain of %s: %s after %d ms%n",
                    w.id().substring(0, 8),
                    end == null ? "not ended" : end,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
            w.leave();
            fleet.gone(w);
        }));
        return victim.isPresent();
    }

    /** DRAINED, or the state the drain was seen to end in (ACTIVE, CORDONED), or null if it did not end. */
    private String awaitDrainEnd(String worker) {
        try {
            return await().atMost(DRAIN_PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> fleet.someInstance()
                                    .flatMap(i -> Admin.drainState(i, domain, worker))
                                    .orElse("UNKNOWN"),
                            state -> List.of("DRAINED", "ACTIVE", "CORDONED").contains(state));
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    /**
     * For each partition a restarting worker held: whether the next holder was the same worker id
     * (back), or another (elsewhere; quiet when no instance or database was down meanwhile and no
     * join or queue change gave out new shares). Partitions removed meanwhile are left out.
     */
    Figures figures() {
        List<HoldingLog.Interval> all = log.intervals();
        int[] counts = new int[3]; // back, elsewhere, elsewhere while quiet
        List<Long> backMillis = new ArrayList<>();
        for (Restart r : restarts) {
            backMillis.add(judge(r, all, counts));
        }
        backMillis.removeIf(m -> m < 0);
        List<Long> drainedMillis = drains.stream()
                .filter(d -> d.drained() >= 0)
                .map(d -> TimeUnit.NANOSECONDS.toMillis(d.drained() - d.asked()))
                .toList();
        return new Figures(
                restarts.size(),
                counts[0],
                counts[1],
                counts[2],
                backMillis,
                drains.size(),
                (int) drains.stream().filter(Drain::cleared).count(),
                (int) drains.stream()
                        .filter(d -> d.drained() < 0 && !d.cleared())
                        .count(),
                drainedMillis);
    }

    /** Counts one restart's partitions into {@code counts}; the longest until one was back, or -1. */
    private long judge(Restart r, List<HoldingLog.Interval> all, int[] counts) {
        long now = System.nanoTime();
        long longest = -1;
        StringBuilder away = new StringBuilder();
        for (HoldingLog.Interval held : r.held()) {
            Optional<HoldingLog.Interval> next = all.stream()
                    .filter(i ->
                            i.queue().equals(held.queue()) && i.partition() == held.partition() && i.start() >= r.at())
                    .min(Comparator.comparingLong(HoldingLog.Interval::start));
            long until = next.map(HoldingLog.Interval::start).orElse(now);
            if (fleet.removedBetween(held.queue(), held.partition(), r.at(), until)) {
                continue;
            }
            if (next.isPresent() && next.get().worker().equals(r.worker())) {
                counts[0]++;
                longest = Math.max(longest, TimeUnit.NANOSECONDS.toMillis(until - r.at()));
                continue;
            }
            boolean outage = fleet.outageBetween(r.at(), until);
            // A new share (a join, a queue change) may move a partition off a worker in its grace too:
            // the grace keeps its share for it, not more.
            boolean reshaped = fleet.reshapedBetween(r.at() - RESHAPE_LEAD_NANOS, until);
            counts[1]++;
            counts[2] += outage || reshaped ? 0 : 1;
            away.append(String.format(
                    " %s/%d to %s after %d ms%s;",
                    held.queue(),
                    held.partition(),
                    next.map(i -> i.worker().substring(0, 8)).orElse("nobody"),
                    TimeUnit.NANOSECONDS.toMillis(until - r.at()),
                    (outage ? " (outage)" : "") + (reshaped ? " (reshaped)" : "")));
        }
        // One line per restart: a partition that went elsewhere can be read against the logs.
        System.out.printf(
                "[soak] restart of %s: held %d, back within %d ms;%s%n",
                r.worker().substring(0, 8), r.held().size(), longest, away);
        return longest;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
