package io.goxhelix.client;

import static io.goxhelix.client.RollingRestarts.PARTITIONS;
import static io.goxhelix.client.RollingRestarts.WORKERS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.Invariants;
import io.goxhelix.testing.ReactiveProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of a fleet under stable worker ids, with the real client: each worker closes for
 * restart and starts again under the same id; with the restart grace no partition moves.
 */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class RollingRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    private final LoggedClients clients = new LoggedClients();

    @AfterEach
    void closeWorkers() {
        clients.close();
    }

    private GoxWorker start(String domain, String pod) {
        return clients.start(WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues("q")
                .stableWorkerId(pod)
                .build());
    }

    private static List<HoldingLog.Interval> sameGrantJoined(List<HoldingLog.Interval> sorted) {
        List<HoldingLog.Interval> joined = new ArrayList<>();
        for (HoldingLog.Interval iv : sorted) {
            HoldingLog.Interval last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.worker().equals(iv.worker()) && last.epoch() == iv.epoch()) {
                joined.set(
                        joined.size() - 1,
                        new HoldingLog.Interval(
                                iv.queue(), iv.partition(), iv.worker(), iv.epoch(), last.start(), iv.end()));
            } else {
                joined.add(iv);
            }
        }
        return joined;
    }

    private static boolean heldFor(String domain, String workerId) {
        List<Map<String, Object>> slots = given().get("/api/v1/domains/{d}/queues/q", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("assignments");
        return slots.stream().anyMatch(s -> "HELD".equals(s.get("state")) && workerId.equals(s.get("workerId")))
                && slots.stream()
                        .noneMatch(s -> "ASSIGNED".equals(s.get("state")) && workerId.equals(s.get("workerId")));
    }

    @Test
    void aRollingRestartUnderStableIdsMovesNoPartition() {
        // Given six workers, named like the pods of a deployment, sharing 60 partitions
        String d = RollingRestarts.domain("rolling-");
        List<GoxWorker> fleet = RollingRestarts.startBalanced(d, i -> start(d, "pod-" + i), PATIENCE);
        Map<Integer, String> before = Cluster.assigned(d, "q");

        // When each in turn closes for restart and starts again under the same name once the service
        // holds its partitions, waiting for the fleet to settle before the next one
        List<Long> downtimes = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            GoxWorker old = fleet.get(i);
            long down = System.nanoTime();
            old.closeForRestart();
            await().atMost(PATIENCE).until(() -> heldFor(d, old.workerId()));
            GoxWorker again = start(d, "pod-" + i);
            assertThat(again.workerId()).isEqualTo(old.workerId());
            await().atMost(PATIENCE).until(() -> again.currentAssignment().size() == PARTITIONS / WORKERS);
            downtimes.add(System.nanoTime() - down);
            await().atMost(PATIENCE).until(() -> Cluster.assigned(d, "q").equals(before));
        }

        // Then every partition is with the worker it had before, and no partition ever changed hands
        assertThat(Cluster.assigned(d, "q")).isEqualTo(before);
        Map<String, List<HoldingLog.Interval>> byPartition =
                Invariants.byPartition(clients.log().intervals());
        int moves = 0;
        long longestGap = 0;
        for (List<HoldingLog.Interval> intervals : byPartition.values()) {
            // A worker whose heartbeat answer comes late on a loaded machine stops work at its own
            // lease deadline and resumes under the same grant (same epoch) once renewed: one holding.
            List<HoldingLog.Interval> held = sameGrantJoined(intervals);
            assertThat(held).hasSize(2); // held, released at its worker's restart, held again
            moves += RollingRestarts.moves(held);
            for (int k = 1; k < held.size(); k++) {
                longestGap = Math.max(
                        longestGap, held.get(k).start() - held.get(k - 1).end());
            }
        }
        assertThat(byPartition).hasSize(PARTITIONS);
        assertThat(moves).isZero();
        clients.log().assertSafe();
        System.out.printf(
                "[rolling restart] %d workers, %d partitions: %d moves; longest unowned %d ms; downtime per worker"
                        + " (close to holding again) max %d ms%n",
                WORKERS,
                PARTITIONS,
                moves,
                TimeUnit.NANOSECONDS.toMillis(longestGap),
                TimeUnit.NANOSECONDS.toMillis(
                        downtimes.stream().mapToLong(Long::longValue).max().orElse(0)));
    }
}
