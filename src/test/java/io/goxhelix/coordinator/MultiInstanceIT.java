package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.ServiceProcess;
import io.goxhelix.testing.SimulatedWorker;
import io.goxhelix.testing.SseStream;
import io.goxhelix.testing.TestDatabase;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service on one database, as separate processes: one acting
 * coordinator whatever happens to the others (S8), changes seen on every instance (S9), nothing
 * acknowledged lost across restarts (S10), epochs increasing across failover (S3). Authentication
 * is on, as in production: administration with the bootstrap token, workers with worker tokens.
 */
class MultiInstanceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Map<String, String> SETTINGS = Map.of(
            "gox.lease-timeout", "3s",
            "gox.heartbeat-interval", "500ms");

    private static TestDatabase db;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private final List<SimulatedWorker> workers = new ArrayList<>();
    private final HoldingLog log = new HoldingLog();

    @BeforeAll
    static void startCluster() {
        db = TestDatabase.start();
        for (int i = 0; i < 3; i++) {
            instances.add(new ServiceProcess("instance-" + i, db, SETTINGS).start());
        }
        // Three JVMs starting at once on two cores: generous, it is not what is measured here.
        await().atMost(Duration.ofMinutes(3)).until(() -> instances.stream().allMatch(ServiceProcess::isReady));
        await().atMost(PATIENCE).until(() -> coordinator(instances.get(0)) != null);
    }

    @AfterAll
    static void stopCluster() {
        instances.forEach(ServiceProcess::close);
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void stopWorkersAndHealTheCluster() {
        workers.forEach(SimulatedWorker::close);
        // A test that failed half-way may leave an instance killed or frozen: the next starts whole.
        for (ServiceProcess instance : List.copyOf(instances)) {
            if (!instance.isAlive()) {
                restart(instance);
            } else {
                instance.signal("CONT");
            }
        }
    }

    private static JsonPath coordinator(ServiceProcess via) {
        JsonPath cluster = given().baseUri(via.uri().toString())
                .header("Authorization", ServiceProcess.OPERATOR)
                .get("/api/v1/cluster")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return cluster.get("coordinator") == null ? null : cluster.setRootPath("coordinator");
    }

    private static ServiceProcess acting() {
        JsonPath c = coordinator(instances.get(0).isReady() ? instances.get(0) : instances.get(1));
        String id = c.getString("instanceId");
        return instances.stream().filter(i -> i.name().equals(id)).findFirst().orElseThrow();
    }

    private static ServiceProcess other(ServiceProcess not) {
        return instances.stream().filter(i -> i != not).findFirst().orElseThrow();
    }

    private static ServiceProcess restart(ServiceProcess dead) {
        int index = instances.indexOf(dead);
        dead.close();
        ServiceProcess fresh = new ServiceProcess(dead.name(), db, SETTINGS).start();
        instances.set(index, fresh);
        await().atMost(Duration.ofMinutes(3)).until(fresh::isReady);
        return fresh;
    }

    private static void putQueue(ServiceProcess via, String domain, String queue, int partitions) {
        given().baseUri(via.uri().toString())
                .header("Authorization", ServiceProcess.OPERATOR)
                .contentType("application/json")
                .body(Map.of("partitions", partitions))
                .put("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    private static List<Map<String, Object>> slots(ServiceProcess via, String domain, String queue) {
        return given().baseUri(via.uri().toString())
                .header("Authorization", ServiceProcess.OPERATOR)
                .get("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("assignments");
    }

    private static Map<Integer, Long> epochs(ServiceProcess via, String domain, String queue) {
        Map<Integer, Long> epochs = new java.util.HashMap<>();
        for (Map<String, Object> s : slots(via, domain, queue)) {
            epochs.put((Integer) s.get("partition"), ((Number) s.get("epoch")).longValue());
        }
        return epochs;
    }

    private static boolean allAssigned(ServiceProcess via, String domain, String queue) {
        return slots(via, domain, queue).stream().allMatch(s -> "ASSIGNED".equals(s.get("state")));
    }

    private SimulatedWorker worker(ServiceProcess via, String domain, String queue) {
        SimulatedWorker w = new SimulatedWorker(
                        via.uri(), domain, UUID.randomUUID().toString(), List.of(queue), log, Duration.ofMillis(500))
                .authorization("Bearer " + via.workerToken(domain));
        workers.add(w);
        return w.start();
    }

    @Test
    void aChangeReachesSubscribersOnEveryInstance() {
        // Given a worker's stream opened on instance 2
        String d = "s9-" + UUID.randomUUID().toString().substring(0, 8);
        String id = UUID.randomUUID().toString();
        String token = "Bearer " + instances.get(0).workerToken(d);
        List<SseStream.Event> events = new ArrayList<>();
        try (SseStream stream = SseStream.open(
                instances.get(2).uri().resolve("/api/v1/domains/" + d + "/workers/" + id + "/assignments"),
                null,
                token,
                events::add)) {
            await().atMost(PATIENCE).until(() -> events.size() == 1);

            // When the queue is defined on instance 0 and the worker heartbeats on instance 1
            putQueue(instances.get(0), d, "q", 6);
            long sent = System.nanoTime();
            given().baseUri(instances.get(1).uri().toString())
                    .header("Authorization", token)
                    .contentType("application/json")
                    .body(Map.of("queues", List.of("q")))
                    .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, id)
                    .then()
                    .statusCode(200);

            // Then instance 2 pushes the snapshot with all six partitions
            await().atMost(PATIENCE)
                    .until(() -> events.stream().anyMatch(e -> e.data().contains("\"partition\":5")));
            SseStream.Event granted = events.stream()
                    .filter(e -> e.data().contains("\"partition\":5"))
                    .findFirst()
                    .orElseThrow();
            System.out.printf(
                    "[multi-instance] heartbeat sent to instance 1 -> grant pushed on instance 2: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(granted.arrivedNanos() - sent));
        }
    }

    @Test
    void killingTheCoordinatorElectsAnotherAndEpochsKeepIncreasing() {
        // Given a queue held by two workers that talk to a non-coordinator instance
        ServiceProcess old = acting();
        long oldTerm = coordinator(other(old)).getLong("term");
        ServiceProcess via = other(old);
        String d = "s8-" + UUID.randomUUID().toString().substring(0, 8);
        putQueue(via, d, "q", 10);
        SimulatedWorker a = worker(via, d, "q");
        worker(via, d, "q");
        await().atMost(PATIENCE).until(() -> allAssigned(via, d, "q"));
        Map<Integer, Long> epochsBefore = epochs(via, d, "q");

        // When the coordinator process is killed with SIGKILL
        old.kill();
        long killed = System.nanoTime();

        // Then another instance takes over under a higher term
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath c = coordinator(via);
            return c != null && !c.getString("instanceId").equals(old.name()) && c.getLong("term") > oldTerm;
        });
        long takeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

        // And it moves a crashed worker's partitions, each with an epoch above its earlier ones
        List<Integer> aHeld = slots(via, d, "q").stream()
                .filter(s -> a.id().equals(s.get("workerId")))
                .map(s -> (Integer) s.get("partition"))
                .toList();
        assertThat(aHeld).isNotEmpty();
        a.crash();
        await().atMost(PATIENCE)
                .until(() -> allAssigned(via, d, "q")
                        && slots(via, d, "q").stream().noneMatch(s -> a.id().equals(s.get("workerId"))));
        Map<Integer, Long> epochsAfter = epochs(via, d, "q");
        for (int p : aHeld) {
            assertThat(epochsAfter.get(p)).as("epoch of partition %d", p).isGreaterThan(epochsBefore.get(p));
        }
        log.assertSafe();
        System.out.printf("[failover] kill -9 of the coordinator -> new coordinator: %d ms%n", takeover);

        // And the killed instance, restarted, serves the same data
        ServiceProcess again = restart(old);
        assertThat(slots(again, d, "q")).hasSize(10);
    }

    @Test
    void aFrozenCoordinatorIsReplacedAndItsLateWritesChangeNothing() {
        // Given a queue served through a non-coordinator instance
        ServiceProcess frozen = acting();
        ServiceProcess via = other(frozen);
        long oldTerm = coordinator(via).getLong("term");
        String d = "zombie-" + UUID.randomUUID().toString().substring(0, 8);
        putQueue(via, d, "q", 4);
        worker(via, d, "q");
        await().atMost(PATIENCE).until(() -> allAssigned(via, d, "q"));

        // When the coordinator is frozen (SIGSTOP) past its session timeout
        frozen.signal("STOP");
        long stopped = System.nanoTime();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath c = coordinator(via);
            return c != null
                    && c.getLong("term") > oldTerm
                    && !c.getString("instanceId").equals(frozen.name());
        });
        long takeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        long newTerm = coordinator(via).getLong("term");

        // And the new coordinator grows the queue, then the old one wakes up
        putQueue(via, d, "q", 8);
        await().atMost(PATIENCE)
                .until(() -> allAssigned(via, d, "q") && slots(via, d, "q").size() == 8);
        frozen.signal("CONT");
        await().atMost(PATIENCE).until(frozen::isReady);
        putQueue(via, d, "q", 12);
        await().atMost(PATIENCE)
                .until(() -> allAssigned(via, d, "q") && slots(via, d, "q").size() == 12);

        // Then every row written since the new term began carries a term at least as new
        Map<Integer, Long> terms = db.partitionTerms(d, "q");
        for (int p = 4; p < 12; p++) {
            assertThat(terms.get(p)).as("term of partition %d", p).isGreaterThanOrEqualTo(newTerm);
        }
        assertThat(coordinator(frozen).getLong("term")).isGreaterThanOrEqualTo(newTerm);
        log.assertSafe();
        System.out.printf("[failover] SIGSTOP of the coordinator -> new coordinator: %d ms%n", takeover);
        restart(frozen);
    }

    @Test
    void aCleanShutdownHandsTheLockOverAtOnce() {
        ServiceProcess old = acting();
        ServiceProcess via = other(old);
        long oldTerm = coordinator(via).getLong("term");

        old.stop();
        long stopped = System.nanoTime();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath c = coordinator(via);
            return c != null && c.getLong("term") > oldTerm;
        });
        System.out.printf(
                "[failover] SIGTERM of the coordinator -> new coordinator: %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
        restart(old);
    }
}
