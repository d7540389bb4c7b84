package io.goxhelix.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the service with authentication on: a worker token lets it heartbeat, stream
 * and hold its partitions; a wrong one is reported to the application, and a supplier that turns to
 * a valid secret (rotation) is picked up without a restart.
 */
@QuarkusTest
@TestProfile(SecuredClientTest.Secured.class)
class SecuredClientTest {

    private static final String BOOTSTRAP = "client-test-bootstrap-token-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Authentication on, short leases, as in the other client tests. */
    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gox.auth.enabled", "true",
                    "gox.auth.bootstrap-token", BOOTSTRAP,
                    "gox.lease-timeout", "2s",
                    "gox.heartbeat-interval", "500ms",
                    "gox.sse.keep-alive", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry meters;

    private final List<GoxWorker> workers = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        workers.forEach(GoxWorker::close);
    }

    private static Response asOperator() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + BOOTSTRAP)
                .when()
                .get("/api/v1/cluster");
    }

    private static String workerToken(String domain) {
        Response r = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + BOOTSTRAP)
                .body(Map.of("name", "fleet", "role", "worker", "domains", List.of(domain)))
                .post("/api/v1/tokens");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("secret");
    }

    private static void givenQueue(String domain, int partitions) {
        Response r = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + BOOTSTRAP)
                .body(Map.of("partitions", partitions))
                .put("/api/v1/domains/{d}/queues/{q}", domain, "q");
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    /** How many partitions the service gives the worker. */
    private static int ownedBy(String domain, String workerId) {
        Response r = given().header("Authorization", "Bearer " + BOOTSTRAP)
                .get("/api/v1/domains/{d}/workers/{w}/assignments", domain, workerId);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("partitions").size();
    }

    private static List<String> liveWorkers(String domain) {
        Response r = given().header("Authorization", "Bearer " + BOOTSTRAP).get("/api/v1/domains/{d}/workers", domain);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("workerId");
    }

    private GoxWorker worker(String domain, WorkerOptions.Builder options, Refusals refusals) {
        GoxWorker worker = GoxWorker.create(
                options.baseUri(base).domain(domain).queues("q").build(), refusals);
        workers.add(worker);
        return worker.start();
    }

    private double openStreams() {
        var gauge = meters.find("gox.sse.subscribers").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** Records refusals; ignores the partitions. */
    static final class Refusals implements PartitionListener {
        final List<Integer> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void onAssigned(Set<AssignedPartition> partitions) {}

        @Override
        public void onRevoked(Set<PartitionRef> partitions) {}

        @Override
        public void onRefused(int status, String detail) {
            statuses.add(status);
        }
    }

    @Test
    void aWorkerTokenLetsTheClientHeartbeatStreamAndHoldItsPartitions() {
        // Given a queue and a worker token for its domain
        String d = "sc-" + UUID.randomUUID().toString().substring(0, 8);
        givenQueue(d, 6);
        String secret = workerToken(d);

        // When a worker runs with that token
        Refusals refusals = new Refusals();
        GoxWorker worker = worker(d, WorkerOptions.builder().token(secret), refusals);

        // Then it holds the whole queue, in the service's view too, over an open event stream
        await().atMost(PATIENCE).until(() -> worker.currentAssignment().size() == 6);
        assertThat(ownedBy(d, worker.workerId())).isEqualTo(6);
        await().atMost(PATIENCE).until(() -> openStreams() >= 1);
        assertThat(refusals.statuses).isEmpty();
        assertThat(asOperator().statusCode()).isEqualTo(200);
    }

    @Test
    void closeDrainsWithTheWorkersTokenSoItsPartitionsAreHandedOffBeforeItLeaves() {
        // Given two workers with a worker token sharing a queue of 6
        String d = "sc-" + UUID.randomUUID().toString().substring(0, 8);
        givenQueue(d, 6);
        String secret = workerToken(d);
        Refusals refusals = new Refusals();
        GoxWorker leaving = worker(d, WorkerOptions.builder().token(secret), refusals);
        GoxWorker staying = worker(d, WorkerOptions.builder().token(secret), refusals);
        await().atMost(PATIENCE)
                .until(() -> ownedBy(d, leaving.workerId()) == 3 && ownedBy(d, staying.workerId()) == 3);

        // When one closes (which drains by default)
        leaving.close();

        // Then the other holds all 6, and the ledger says the 3 were handed off by a drain, not by a leave
        assertThat(ownedBy(d, staying.workerId())).isEqualTo(6);
        Response ledger =
                given().header("Authorization", "Bearer " + BOOTSTRAP).get("/api/v1/domains/{d}/ledger?limit=100", d);
        assertThat(ledger.statusCode()).as(ledger.asString()).isEqualTo(200);
        List<Map<String, Object>> moves = ledger.jsonPath().getList("$");
        assertThat(moves)
                .filteredOn(m -> leaving.workerId().equals(m.get("from")))
                .hasSize(3)
                .allSatisfy(m -> assertThat(m.get("reason")).isEqualTo("drain"));
        assertThat(refusals.statuses).isEmpty();
    }

    @Test
    void aWrongTokenIsReportedAndNothingIsHeldOrRegistered() {
        // Given a queue, and a token of the right shape that was never issued
        String d = "sc-" + UUID.randomUUID().toString().substring(0, 8);
        givenQueue(d, 4);

        // When a worker runs with it
        Refusals refusals = new Refusals();
        GoxWorker worker = worker(
                d, WorkerOptions.builder().token("gox_" + "A".repeat(43)).reconnectBackoff(ms(50), ms(200)), refusals);

        // Then the application is told once, despite the retries, and nothing is held or registered
        await().atMost(PATIENCE).until(() -> !refusals.statuses.isEmpty());
        await().pollDelay(ms(1000)).atMost(PATIENCE).until(() -> refusals.statuses.size() >= 1);
        assertThat(refusals.statuses).containsExactly(401);
        assertThat(worker.currentAssignment()).isEmpty();
        assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
        assertThat(ownedBy(d, worker.workerId())).isZero();
        assertThat(liveWorkers(d)).doesNotContain(worker.workerId());
    }

    @Test
    void aTokenSupplierIsAskedAgainSoARotatedSecretIsPickedUp() {
        // Given a worker whose supplier first hands out a wrong secret
        String d = "sc-" + UUID.randomUUID().toString().substring(0, 8);
        givenQueue(d, 3);
        AtomicReference<String> current = new AtomicReference<>("gox_" + "B".repeat(43));
        Refusals refusals = new Refusals();
        GoxWorker worker = worker(
                d, WorkerOptions.builder().tokenSupplier(current::get).reconnectBackoff(ms(50), ms(200)), refusals);
        await().atMost(PATIENCE).until(() -> refusals.statuses.contains(401));

        // When the supplier turns to a valid worker token
        current.set(workerToken(d));

        // Then the same worker, not restarted, gets its partitions
        await().atMost(PATIENCE).until(() -> worker.currentAssignment().size() == 3);
        assertThat(ownedBy(d, worker.workerId())).isEqualTo(3);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
