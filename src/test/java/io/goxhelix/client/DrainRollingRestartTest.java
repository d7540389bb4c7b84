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

    @TestHTTPResource("/")
    URI base;

    private final LoggedClients clients = new LoggedClients();

    @AfterEach
    void closeWorkers() {
        clients.close();
    }

    private GoxWorker start(String domain, String version) {
        return clients.start(WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues("q")
                .appVersion(version)
                .build());
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
        String d = RollingRestarts.domain("drain-");
        List<GoxWorker> old = RollingRestarts.startBalanced(d, i -> start(d, "1.0"), PATIENCE);
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
        RollingRestarts.awaitBalanced(d, fresh, PATIENCE);
        Map<String, List<HoldingLog.Interval>> byPartition = Invariants.byPartition(clients.log().intervals().stream()
                .filter(iv -> iv.end() > updateStarts) // what was held when the update began, and after
                .toList());
        List<Long> gaps = new ArrayList<>();
        int moves = 0;
        int maxMoves = 0;
        for (List<HoldingLog.Interval> held : byPartition.values()) {
            int movesHere = RollingRestarts.moves(held);
            for (int k = 1; k < held.size(); k++) {
                if (!held.get(k).worker().equals(held.get(k - 1).worker())) {
                    gaps.add(held.get(k).start() - held.get(k - 1).end());
                }
            }
            moves += movesHere;
            maxMoves = Math.max(maxMoves, movesHere);
        }
        assertThat(byPartition).hasSize(PARTITIONS);
        assertThat(maxMoves).isEqualTo(1);
        assertThat(moves).isEqualTo(PARTITIONS);
        clients.log().assertSafe();
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
