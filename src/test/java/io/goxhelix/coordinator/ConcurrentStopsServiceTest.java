package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.SimulatedWorker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deploy script stopping several workers at once, each the way the API says (drain, wait for
 * DRAINED, ask stoppable, stop), while the test watches every worker's standing and every stoppable
 * answer: never more drains under way than the budget, and no yes that would leave a queue without a
 * receiving worker or spend more than the budget.
 */
@QuarkusTest
@TestProfile(ConcurrentStopsServiceTest.Profile.class)
class ConcurrentStopsServiceTest {

    static final int BUDGET = 2;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // Long enough that the test's own heartbeats, slowed by all it asks at once on a
                    // loaded machine, keep every worker live.
                    "gox.lease-timeout", "6s",
                    "gox.heartbeat-interval", "1s",
                    "gox.coordinator.max-concurrent-drains", Integer.toString(BUDGET));
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int PARTITIONS = 10;

    /** A worker as the worker list shows it. */
    private record Seen(String id, Set<String> queues, String state, int partitions) {}

    /** A stoppable answer. */
    private record Verdict(boolean stoppable, String state, int partitions, List<String> reasons) {}

    @TestHTTPResource("/")
    URI base;

    private final HoldingLog log = new HoldingLog();
    private final List<SimulatedWorker> simulated = new ArrayList<>();
    private final ScheduledExecutorService beats = Executors.newScheduledThreadPool(3);
    private final ExecutorService script = Executors.newCachedThreadPool();
    /** Workers driven by hand, beating until stopped, and the version each last acknowledged. */
    private final Map<String, Long> byHand = new ConcurrentHashMap<>();
    /** Per hand-driven worker: its heartbeat and its leave never cross. */
    private final Map<String, Object> beating = new ConcurrentHashMap<>();
    /** While false, those workers acknowledge nothing new: their drains stay DRAINING. */
    private volatile boolean acknowledging = true;

    private final AtomicInteger mostDraining = new AtomicInteger();
    private final List<String> lostBeats = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        beats.shutdownNow();
        script.shutdownNow();
        simulated.forEach(SimulatedWorker::close);
    }

    /** Who is in the domain: three driven by hand (qa and qb), two stayers and two more leavers. */
    private record Fleet(List<String> hands, String s1, String s2, String l1, String l2) {
        List<String> leaving() {
            List<String> all = new ArrayList<>(hands);
            all.addAll(List.of(l1, l2));
            return all;
        }
    }

    @Test
    void stoppingFiveOfSevenAtOnceKeepsTheBudgetAndNeverOrphansAQueue() throws Exception {
        // Given qa and qb of 10 partitions each, S1 the only stayer serving qa, S2 the only one for qb,
        // three workers driven by hand serving both, and two more, L1 (qa) and L2 (qb)
        String d = "stops-" + UUID.randomUUID().toString().substring(0, 8);
        Fleet fleet = fleet(d);

        // When the hand-driven three stop acknowledging, and the script stops all but S1 and S2 at once
        acknowledging = false;
        List<Future<?>> stops = stopAtOnce(d, fleet.leaving());

        // Then two of the three that do not acknowledge drain, the third waits for the budget...
        String queued = awaitBudgetSpentOnThoseThatDoNotAcknowledge(d, fleet.hands());
        // ...and may not stop while it holds partitions, nor may either stayer
        Verdict waiting = stoppable(d, queued);
        assertThat(waiting.stoppable()).isFalse();
        assertThat(waiting.reasons()).anySatisfy(r -> assertThat(r).startsWith("drain budget spent: 2 of 2"));
        assertThat(stoppable(d, fleet.s1()).reasons())
                .anySatisfy(r -> assertThat(r).contains("queue qa would be left without a worker"));
        assertThat(stoppable(d, fleet.s2()).reasons())
                .anySatisfy(r -> assertThat(r).contains("queue qb would be left without a worker"));

        // When they acknowledge again, every drain ends and its worker stops
        acknowledging = true;
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            observe(d);
            return stops.stream().allMatch(Future::isDone);
        });
        for (Future<?> f : stops) {
            f.get();
        }

        // Then the two stayers hold everything (no observation found a broken promise, or it failed)
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(Cluster.assigned(d, "qa")).hasSize(PARTITIONS);
            assertThat(Set.copyOf(Cluster.assigned(d, "qa").values())).containsOnly(fleet.s1());
            assertThat(Cluster.assigned(d, "qb")).hasSize(PARTITIONS);
            assertThat(Set.copyOf(Cluster.assigned(d, "qb").values())).containsOnly(fleet.s2());
        });
        assertThat(mostDraining.get()).isEqualTo(BUDGET);
        log.assertSafe();
    }

    private Fleet fleet(String d) {
        Cluster.putQueue(d, "qa", PARTITIONS);
        Cluster.putQueue(d, "qb", PARTITIONS);
        List<String> hands = List.of(id(), id(), id());
        hands.forEach(h -> byHand.put(h, 0L));
        hands.forEach(h -> beats.scheduleWithFixedDelay(() -> beat(d, h), 0, 500, TimeUnit.MILLISECONDS));
        Fleet fleet = new Fleet(hands, simulated(d, "qa"), simulated(d, "qb"), simulated(d, "qa"), simulated(d, "qb"));
        await().atMost(PATIENCE).until(() -> everyWorkerHoldsAndAllIsAssigned(d, 7));
        return fleet;
    }

    /** One task per worker, all let go at the same moment. */
    private List<Future<?>> stopAtOnce(String d, List<String> leaving) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> stops = new ArrayList<>();
        for (String id : leaving) {
            stops.add(script.submit(() -> stopTheWayTheApiSays(d, id, go)));
        }
        go.countDown();
        return stops;
    }

    /** Observes until two of {@code hands} are DRAINING and the third DRAIN_QUEUED; that third. */
    private String awaitBudgetSpentOnThoseThatDoNotAcknowledge(String d, List<String> hands) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Seen> now = observe(d);
            long stuck =
                    hands.stream().filter(h -> state(now, h).equals("DRAINING")).count();
            return stuck == BUDGET && hands.stream().anyMatch(h -> state(now, h).equals("DRAIN_QUEUED"));
        });
        // Both stay so: they acknowledge nothing, and the budget is spent by them.
        return hands.stream()
                .filter(h -> state(workers(d), h).equals("DRAIN_QUEUED"))
                .findFirst()
                .orElseThrow();
    }

    /** Drain, wait for DRAINED, ask stoppable (which must say yes), stop. */
    private void stopTheWayTheApiSays(String d, String id, CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        given().post("/api/v1/domains/{d}/workers/{w}/drain", d, id).then().statusCode(202);
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v1/domains/{d}/workers/{w}/drain", d, id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("state")
                        .equals("DRAINED"));
        Verdict v = stoppable(d, id);
        assertThat(v.stoppable()).as("%s once DRAINED: %s", id, v).isTrue();
        if (!byHand.containsKey(id)) {
            SimulatedWorker w = simulated.stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            leave(w);
        } else {
            // Under the beats' lock: a heartbeat sent after the leave would register the worker again.
            synchronized (beating.computeIfAbsent(id, k -> new Object())) {
                byHand.remove(id);
                given().delete("/api/v1/domains/{d}/workers/{w}", d, id).then().statusCode(204);
            }
        }
    }

    /**
     * One look: the worker list, every live worker's stoppable answer, the list again. The drains
     * under way must be within the budget. In this test no worker becomes ACTIVE once the stops are
     * asked, so a queue that had no other ACTIVE worker before an answer had none at the answer: a yes
     * then would leave it without one. And a queued worker that holds partitions may not stop while
     * the budget is spent, which it was throughout when both lists show the same two drains.
     */
    private Map<String, Seen> observe(String d) {
        Map<String, Seen> before = workers(d);
        // A lapsed lease would end its drain when the next heartbeat registers it again.
        assertThat(before.keySet())
                .as("hand-driven workers still live (else the test's heartbeats were too slow; lost %s)", lostBeats)
                .containsAll(Set.copyOf(byHand.keySet()));
        Set<String> drainingBefore = draining(before);
        mostDraining.accumulateAndGet(drainingBefore.size(), Math::max);
        if (drainingBefore.size() > BUDGET) {
            broken("drains under way beyond the budget: " + before.values());
        }
        Map<String, Verdict> answers = new java.util.HashMap<>();
        before.keySet().forEach(id -> answers.put(id, stoppable(d, id)));
        Map<String, Seen> after = workers(d);
        boolean budgetSpentThroughout = drainingBefore.size() >= BUDGET && drainingBefore.equals(draining(after));
        answers.forEach((id, v) -> {
            // A worker gone meanwhile is stoppable as any departed one; a drained one changes nothing.
            if (!v.stoppable() || !after.containsKey(id) || v.state().equals("DRAINED")) {
                return;
            }
            for (String q : before.get(id).queues()) {
                boolean another = before.values().stream()
                        .anyMatch(o -> !o.id().equals(id)
                                && o.state().equals("ACTIVE")
                                && o.queues().contains(q));
                if (!another) {
                    broken("stoppable " + id + " would leave " + q + " without a worker: " + before.values());
                }
            }
            if (budgetSpentThroughout && v.state().equals("DRAIN_QUEUED") && v.partitions() > 0) {
                broken("stoppable " + id + " beyond the drain budget: " + v);
            }
        });
        return after;
    }

    /** Fails at once (out of whichever wait observed it), with what was seen. */
    private static void broken(String what) {
        throw new AssertionError(what);
    }

    private static Set<String> draining(Map<String, Seen> workers) {
        return workers.values().stream()
                .filter(w -> w.state().equals("DRAINING"))
                .map(Seen::id)
                .collect(Collectors.toSet());
    }

    private static String state(Map<String, Seen> workers, String id) {
        Seen w = workers.get(id);
        return w == null ? "GONE" : w.state();
    }

    private boolean everyWorkerHoldsAndAllIsAssigned(String d, int workers) {
        Map<String, Seen> now = workers(d);
        return now.size() == workers
                && now.values().stream().allMatch(w -> w.partitions() > 0)
                && Cluster.assigned(d, "qa").size() == PARTITIONS
                && Cluster.assigned(d, "qb").size() == PARTITIONS;
    }

    private static Map<String, Seen> workers(String d) {
        List<Map<String, Object>> listed = given().get("/api/v1/domains/{d}/workers", d)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Seen> seen = new java.util.HashMap<>();
        for (Map<String, Object> w : listed) {
            @SuppressWarnings("unchecked")
            List<String> queues = (List<String>) w.get("queues");
            String id = (String) w.get("workerId");
            seen.put(id, new Seen(id, Set.copyOf(queues), (String) w.get("state"), (Integer) w.get("partitions")));
        }
        return seen;
    }

    private static Verdict stoppable(String d, String id) {
        JsonPath v = given().get("/api/v1/domains/{d}/workers/{w}/stoppable", d, id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Verdict(
                v.getBoolean("stoppable"),
                v.getString("state"),
                v.getInt("partitions"),
                v.getList("reasons", String.class));
    }

    /** A heartbeat of a hand-driven worker: it acknowledges what the last answer gave, while told to. */
    private void beat(String d, String id) {
        synchronized (beating.computeIfAbsent(id, k -> new Object())) {
            Long acked = byHand.get(id);
            if (acked == null) {
                return;
            }
            try {
                long version = given().contentType("application/json")
                        .body(Map.of("queues", List.of("qa", "qb"), "ackedVersion", acked))
                        .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("assignmentVersion");
                if (acknowledging) {
                    byHand.put(id, version);
                }
            } catch (RuntimeException | AssertionError e) {
                // A lost heartbeat is what leases are for; the schedule must go on (and it is told).
                lostBeats.add(id + ": " + e.getMessage());
            }
        }
    }

    private String simulated(String d, String queue) {
        SimulatedWorker w = new SimulatedWorker(base, d, id(), List.of(queue), log, Duration.ofMillis(300));
        simulated.add(w);
        w.start();
        return w.id();
    }

    private static void leave(SimulatedWorker w) {
        try {
            w.leave();
        } catch (Exception e) {
            throw new IllegalStateException("leave of " + w.id() + " failed", e);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
