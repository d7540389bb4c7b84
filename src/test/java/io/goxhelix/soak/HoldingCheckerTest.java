package io.goxhelix.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.DomainState;
import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import io.goxhelix.coordination.Rebalance;
import io.goxhelix.coordination.RoundPlan;
import io.goxhelix.coordination.WorkerChange;
import io.goxhelix.coordination.WorkerRow;
import io.goxhelix.testing.HoldingLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The soak's checker catches an unsafe coordinator. The real round logic and a broken variant (one
 * that grants a partition without waiting for its release, as the original gox-helix did) each drive
 * the same simulated world: workers receive their snapshots and acknowledge them after random network
 * delays, join and leave, and record what they hold in a {@link HoldingLog} on a virtual clock.
 */
class HoldingCheckerTest {

    private static final int PARTITIONS = 24;

    @Test
    void theRealRoundLogicNeverGivesAPartitionTwoHolders() {
        for (long seed = 1; seed <= 20; seed++) {
            HoldingLog log = simulate(seed, UnaryOperator.identity());
            assertThat(log.violations()).as("seed %d", seed).isEmpty();
            assertThat(log.handoffs()).as("seed %d", seed).isGreaterThan(PARTITIONS);
        }
    }

    @Test
    void grantingWithoutWaitingForTheReleaseIsCaught() {
        // A coordinator that takes a partition it asked to be released as already free.
        UnaryOperator<DomainState> impatient = state -> new DomainState(
                state.domain(),
                state.queues(),
                state.workers(),
                state.partitions().stream()
                        .map(r -> r.state() == PartitionState.RELEASING
                                ? PartitionRow.unassigned(r.queue(), r.partition(), r.epoch())
                                : r)
                        .toList());
        for (long seed = 1; seed <= 20; seed++) {
            List<String> violations = simulate(seed, impatient).violations();
            assertThat(violations).as("seed %d", seed).isNotEmpty();
            assertThat(violations).anyMatch(v -> v.contains("took it while"));
        }
    }

    /** Ten virtual seconds of joins and leaves; the log of what the workers held. */
    private static HoldingLog simulate(long seed, UnaryOperator<DomainState> coordinatorView) {
        World world = new World(new Random(seed), coordinatorView);
        world.join();
        world.join();
        world.run(10_000);
        return world.log;
    }

    /** A domain with one queue, its rows, and workers at the end of a random-delay network. */
    private static final class World {

        private record Event(long at, long seq, Runnable action) {}

        private final Random random;
        private final UnaryOperator<DomainState> coordinatorView;
        private final HoldingLog log = new HoldingLog();
        private final Map<String, WorkerRow> workers = new LinkedHashMap<>();
        private final Map<Integer, PartitionRow> rows = new HashMap<>();
        /** worker -> what its application holds: partition -> epoch. */
        private final Map<String, Map<Integer, Long>> held = new HashMap<>();

        private final Map<String, Long> applied = new HashMap<>();
        private final PriorityQueue<Event> events =
                new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
        private long now;
        private long seq;
        private int names;

        World(Random random, UnaryOperator<DomainState> coordinatorView) {
            this.random = random;
            this.coordinatorView = coordinatorView;
            for (int p = 0; p < PARTITIONS; p++) {
                rows.put(p, PartitionRow.unassigned("q", p, 0));
            }
        }

        void run(long until) {
            for (long t = 0; t < until; t += 20) {
                at(t, this::round);
            }
            for (long t = 500; t < until - 2_000; t += 300 + random.nextInt(700)) {
                at(
                        t,
                        random.nextInt(3) == 0
                                        && workers.values().stream()
                                                        .filter(WorkerRow::live)
                                                        .count()
                                                > 2
                                ? this::leave
                                : this::join);
            }
            while (!events.isEmpty() && events.peek().at <= until) {
                Event e = events.poll();
                now = e.at;
                e.action.run();
            }
        }

        private void at(long t, Runnable action) {
            events.add(new Event(t, seq++, action));
        }

        private long delay() {
            return 1 + random.nextInt(120);
        }

        void join() {
            String id = "w" + names++;
            workers.put(id, WorkerRow.builder(id, Set.of("q")).build());
            held.put(id, new HashMap<>());
        }

        /** Graceful: the application stops everything, then the service is told. */
        private void leave() {
            List<String> live = workers.values().stream()
                    .filter(WorkerRow::live)
                    .map(WorkerRow::id)
                    .toList();
            String id = live.get(random.nextInt(live.size()));
            held.get(id).forEach((p, epoch) -> log.released(id, "q", p, now * 1_000_000));
            held.get(id).clear();
            applied.put(id, Long.MAX_VALUE);
            WorkerRow w = workers.get(id);
            at(
                    now + delay(),
                    () -> workers.put(
                            id,
                            WorkerRow.builder(id, w.queues())
                                    .versions(workers.get(id).version(), w.ackedVersion())
                                    .live(false)
                                    .build()));
        }

        private void round() {
            DomainState state = new DomainState(
                    "d",
                    List.of(new QueueSpec("q", PARTITIONS)),
                    List.copyOf(workers.values()),
                    List.copyOf(rows.values()));
            RoundPlan plan = Rebalance.decide(coordinatorView.apply(state));
            for (PartitionRow r : plan.partitions()) {
                rows.put(r.partition(), r);
            }
            for (WorkerChange c : plan.workers()) {
                WorkerRow w = workers.get(c.id());
                workers.put(
                        c.id(),
                        WorkerRow.builder(c.id(), w.queues())
                                .versions(c.newVersion(), w.ackedVersion())
                                .live(w.live())
                                .build());
                Map<Integer, Long> snapshot = new HashMap<>();
                for (PartitionRow r : rows.values()) {
                    if (c.id().equals(r.owner()) && r.state() == PartitionState.ASSIGNED) {
                        snapshot.put(r.partition(), r.epoch());
                    }
                }
                long version = c.newVersion();
                at(now + delay(), () -> deliver(c.id(), version, snapshot));
            }
        }

        /** The worker applies a snapshot (if newer), then its next heartbeat carries the ack. */
        private void deliver(String id, long version, Map<Integer, Long> snapshot) {
            if (applied.getOrDefault(id, -1L) >= version) {
                return;
            }
            applied.put(id, version);
            long t = now * 1_000_000;
            Map<Integer, Long> mine = held.get(id);
            for (var it = mine.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().equals(snapshot.get(e.getKey()))) {
                    log.released(id, "q", e.getKey(), t);
                    it.remove();
                }
            }
            snapshot.forEach((p, epoch) -> {
                if (!mine.containsKey(p)) {
                    log.acquired(id, "q", p, epoch, t);
                    mine.put(p, epoch);
                }
            });
            at(now + delay(), () -> {
                WorkerRow w = workers.get(id);
                workers.put(
                        id,
                        WorkerRow.builder(id, w.queues())
                                .versions(w.version(), Math.max(w.ackedVersion(), version))
                                .live(w.live())
                                .build());
            });
        }
    }
}
