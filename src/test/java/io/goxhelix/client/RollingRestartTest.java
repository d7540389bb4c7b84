package io.goxhelix.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.ReactiveProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
    private static final int WORKERS = 6;
    private static final int PARTITIONS = 60;

    @TestHTTPResource("/")
    URI base;

    private final HoldingLog log = new HoldingLog();
    private final List<GoxWorker> running = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        running.forEach(GoxWorker::close);
    }

    private GoxWorker start(String domain, String pod) {
        WorkerOptions options = WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues("q")
                .stableWorkerId(pod)
                .build();
        String id = options.workerId();
        GoxWorker worker = GoxWorker.create(options, new PartitionListener() {
            @Override
            public void onAssigned(Set<AssignedPartition> partitions) {
                partitions.forEach(p -> log.acquired(id, p.queue(), p.partition(), p.epoch()));
            }

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {
                partitions.forEach(p -> log.released(id, p.queue(), p.partition()));
            }
        });
        running.add(worker);
        return worker.start();
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
        String d = "rolling-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", PARTITIONS);
        List<String> pods = new ArrayList<>();
        List<GoxWorker> fleet = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            pods.add("pod-" + i);
            fleet.add(start(d, "pod-" + i));
        }
        List<String> ids = fleet.stream().map(GoxWorker::workerId).toList();
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), PARTITIONS, ids));
        Map<Integer, String> before = Cluster.assigned(d, "q");

        // When each in turn closes for restart and starts again under the same name once the service
        // holds its partitions, waiting for the fleet to settle before the next one
        List<Long> downtimes = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            GoxWorker old = fleet.get(i);
            long down = System.nanoTime();
            old.closeForRestart();
            await().atMost(PATIENCE).until(() -> heldFor(d, old.workerId()));
            GoxWorker again = start(d, pods.get(i));
            assertThat(again.workerId()).isEqualTo(old.workerId());
            await().atMost(PATIENCE).until(() -> again.currentAssignment().size() == PARTITIONS / WORKERS);
            downtimes.add(System.nanoTime() - down);
            await().atMost(PATIENCE).until(() -> Cluster.assigned(d, "q").equals(before));
        }

        // Then every partition is with the worker it had before, and no partition ever changed hands
        assertThat(Cluster.assigned(d, "q")).isEqualTo(before);
        Map<String, List<HoldingLog.Interval>> byPartition =
                log.intervals().stream().collect(Collectors.groupingBy(iv -> iv.queue() + "/" + iv.partition()));
        int moves = 0;
        long longestGap = 0;
        for (List<HoldingLog.Interval> intervals : byPartition.values()) {
            intervals.sort(Comparator.comparingLong(HoldingLog.Interval::start));
            // A worker whose heartbeat answer comes late on a loaded machine stops work at its own
            // lease deadline and resumes under the same grant (same epoch) once renewed: one holding.
            List<HoldingLog.Interval> held = sameGrantJoined(intervals);
            assertThat(held).hasSize(2); // held, released at its worker's restart, held again
            for (int k = 1; k < held.size(); k++) {
                moves += held.get(k).worker().equals(held.get(k - 1).worker()) ? 0 : 1;
                longestGap = Math.max(
                        longestGap, held.get(k).start() - held.get(k - 1).end());
            }
        }
        assertThat(byPartition).hasSize(PARTITIONS);
        assertThat(moves).isZero();
        log.assertSafe();
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
