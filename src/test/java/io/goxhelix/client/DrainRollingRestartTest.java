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
 * A rolling update onto new worker ids, with the real client: for each of six workers a new one of
 * the next application version starts, then the old one closes, which drains it (its partitions are
 * handed off while it runs) before it leaves. Since the service sees a rollout, each partition moves
 * once, onto the new version, and the handoffs are timed from the old owner's revocation to the new
 * owner's grant.
 */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class DrainRollingRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
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

    private GoxWorker start(String domain, String version) {
        WorkerOptions options = WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues("q")
                .appVersion(version)
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

    private static List<String> listed(String domain) {
        return given().get("/api/v1/domains/{d}/workers", domain)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("workerId");
    }

    @Test
    void aRollingUpdateOntoNewIdsWithDrainMovesEachPartitionOnce() {
        // Given six workers of version 1.0 sharing 60 partitions
        String d = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "q", PARTITIONS);
        List<GoxWorker> old = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            old.add(start(d, "1.0"));
        }
        List<String> ids = old.stream().map(GoxWorker::workerId).toList();
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), PARTITIONS, ids));
        long updateStarts = System.nanoTime();

        // When each is replaced in turn: a worker of 1.1 starts under a new id, then the old one closes
        List<GoxWorker> fresh = new ArrayList<>();
        List<Long> closeTimes = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            GoxWorker next = start(d, "1.1");
            fresh.add(next);
            await().atMost(PATIENCE).until(() -> listed(d).contains(next.workerId()));
            long closing = System.nanoTime();
            old.get(i).close();
            closeTimes.add(System.nanoTime() - closing);
            GoxWorker gone = old.get(i);
            await().atMost(PATIENCE)
                    .until(() -> Cluster.assigned(d, "q").size() == PARTITIONS
                            && !Cluster.assigned(d, "q").containsValue(gone.workerId()));
        }

        // Then the new workers hold ten each, and every partition moved exactly once
        List<String> freshIds = fresh.stream().map(GoxWorker::workerId).toList();
        await().atMost(PATIENCE).until(() -> Cluster.balanced(Cluster.assigned(d, "q"), PARTITIONS, freshIds));
        Map<String, List<HoldingLog.Interval>> byPartition = log.intervals().stream()
                .filter(iv -> iv.end() > updateStarts) // what was held when the update began, and after
                .collect(Collectors.groupingBy(iv -> iv.queue() + "/" + iv.partition()));
        List<Long> gaps = new ArrayList<>();
        int moves = 0;
        int maxMoves = 0;
        for (List<HoldingLog.Interval> held : byPartition.values()) {
            held.sort(Comparator.comparingLong(HoldingLog.Interval::start));
            int movesHere = 0;
            for (int k = 1; k < held.size(); k++) {
                if (!held.get(k).worker().equals(held.get(k - 1).worker())) {
                    movesHere++;
                    gaps.add(held.get(k).start() - held.get(k - 1).end());
                }
            }
            moves += movesHere;
            maxMoves = Math.max(maxMoves, movesHere);
        }
        assertThat(byPartition).hasSize(PARTITIONS);
        assertThat(maxMoves).isEqualTo(1);
        assertThat(moves).isEqualTo(PARTITIONS);
        log.assertSafe();
        gaps.sort(Long::compare);
        closeTimes.sort(Long::compare);
        System.out.printf(
                "[drain rolling update] %d workers, %d partitions, new ids, new version: %d moves (max %d per"
                        + " partition); revoked -> granted p50 %.1f ms, p99 %.1f ms, max %.1f ms; close() p50 %d ms,"
                        + " max %d ms%n",
                WORKERS,
                PARTITIONS,
                moves,
                maxMoves,
                millis(percentile(gaps, 0.50)),
                millis(percentile(gaps, 0.99)),
                millis(gaps.get(gaps.size() - 1)),
                TimeUnit.NANOSECONDS.toMillis(percentile(closeTimes, 0.50)),
                TimeUnit.NANOSECONDS.toMillis(closeTimes.get(closeTimes.size() - 1)));
    }

    private static long percentile(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
