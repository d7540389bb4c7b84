package io.goxhelix.api;

import static io.goxhelix.api.Api.assertProblem;
import static io.goxhelix.api.Api.givenQueue;
import static io.goxhelix.api.Api.heartbeat;
import static io.goxhelix.api.Api.newDomain;
import static io.goxhelix.api.Api.newWorkerId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.store.LedgerStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class LedgerApiTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URI management;

    static final String LEDGER = "/api/v1/domains/{domain}/ledger";
    static final String PARTITION_HISTORY = "/api/v1/domains/{domain}/queues/{queue}/partitions/{p}/history";
    static final String EXPLAIN = "/api/v1/domains/{domain}/queues/{queue}/partitions/{p}/explain";
    static final String WORKER_HISTORY = "/api/v1/domains/{domain}/workers/{workerId}/history";

    /** Heartbeats as a worker that acknowledges every version it was told of. */
    private static final class Acking {
        final String domain;
        final String id;
        final AtomicLong version = new AtomicLong();

        Acking(String domain, String id) {
            this.domain = domain;
            this.id = id;
        }

        void beat() {
            var r = heartbeat(domain, id, "{\"queues\": [\"q\"], \"ackedVersion\": " + version.get() + "}");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            version.set(r.jsonPath().getLong("assignmentVersion"));
        }
    }

    private static List<Map<String, Object>> entries(String path, Object... params) {
        var r = given().get(path, params);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("$");
    }

    @Test
    void aHandoffIsRecordedOnceAndExplained() {
        // Given a queue of two partitions granted to one worker
        String d = newDomain();
        givenQueue(d, "q", 2);
        Acking a = new Acking(d, newWorkerId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            a.beat();
            assertThat(entries(LEDGER, d)).hasSize(2);
        });
        assertThat(entries(LEDGER, d)).allSatisfy(e -> {
            assertThat(e.get("reason")).isEqualTo("create");
            assertThat(e.get("to")).isEqualTo(a.id);
            assertThat(e.get("from")).isNull();
            assertThat(e.get("epoch")).isEqualTo(1);
        });

        // When a second worker joins and the first acknowledges the revoke
        Acking b = new Acking(d, newWorkerId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            b.beat();
            a.beat();
            assertThat(entries(WORKER_HISTORY, d, b.id)).hasSize(1);
        });

        // Then the move is one entry, A to B, that the partition's explanation names
        Map<String, Object> move = entries(WORKER_HISTORY, d, b.id).get(0);
        assertThat(move).containsEntry("from", a.id).containsEntry("to", b.id).containsEntry("reason", "join");
        assertThat(move.get("epoch")).isEqualTo(2);
        assertThat(move.get("liveWorkers")).isEqualTo(2);
        int p = (Integer) move.get("partition");
        JsonPath explain =
                given().get(EXPLAIN, d, "q", p).then().statusCode(200).extract().jsonPath();
        assertThat(explain.getString("owner")).isEqualTo(b.id);
        assertThat(explain.getString("state")).isEqualTo("ASSIGNED");
        assertThat(explain.getLong("epoch")).isEqualTo(2);
        assertThat(explain.getString("lastMove.reason")).isEqualTo("join");
        assertThat(explain.getString("lastMove.from")).isEqualTo(a.id);
        assertThat(explain.getString("since")).isEqualTo(move.get("at"));
        assertThat(entries(PARTITION_HISTORY, d, "q", p))
                .extracting(e -> e.get("reason"))
                .containsExactly("create", "join");
        assertThat(entries(WORKER_HISTORY, d, a.id)).hasSize(3);
        assertThat(entries(LEDGER, d)).hasSize(3);
    }

    @Test
    void pagesFollowTheCursorAndTheTailIsTheLatest() {
        // Given a domain with three ledger entries
        String d = newDomain();
        givenQueue(d, "q", 3);
        Acking a = new Acking(d, newWorkerId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            a.beat();
            assertThat(entries(LEDGER, d)).hasSize(3);
        });
        List<Map<String, Object>> all = entries(LEDGER, d);
        long first = ((Number) all.get(0).get("id")).longValue();

        // When read a page at a time, and as a tail of one
        List<Map<String, Object>> page = entries(LEDGER + "?after={a}&limit=1", d, first);
        List<Map<String, Object>> tail = entries(LEDGER + "?limit=1", d);

        // Then the page is the next entry and the tail the last
        assertThat(page).singleElement().isEqualTo(all.get(1));
        assertThat(tail).singleElement().isEqualTo(all.get(2));
        assertThat(entries(LEDGER + "?after=0", d)).isEqualTo(all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=x", "after=-1", "after=1.5"})
    void aBadPageIsA400(String query) {
        assertProblem(given().get(LEDGER + "?" + query, newDomain()), 400);
    }

    @Test
    void badPathsAreProblems() {
        String d = newDomain();
        givenQueue(d, "q", 2);

        assertProblem(given().get(EXPLAIN, d, "q", 2), 404);
        assertProblem(given().get(EXPLAIN, d, "nope", 0), 404);
        assertProblem(given().get(EXPLAIN, d, "q", "-1"), 400);
        assertProblem(given().get(EXPLAIN, d, "q", "x"), 400);
        assertProblem(given().get(PARTITION_HISTORY, d, "_bad", 0), 400);
        assertProblem(given().get(WORKER_HISTORY, d, "not-a-uuid"), 400);
        assertProblem(given().get(LEDGER, "_bad"), 400);
        assertProblem(given().post(LEDGER, d), 405);
    }

    @Inject
    LedgerStore store;

    @Inject
    Pool pool;

    @Test
    void entriesPastTheRetentionArePrunedInBatchesAndTheMovesCounted() {
        // Given three entries older than the retention and a recent one
        String d = newDomain();
        givenQueue(d, "q", 1);
        Acking a = new Acking(d, newWorkerId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            a.beat();
            assertThat(entries(LEDGER, d)).hasSize(1);
        });
        for (int i = 0; i < 3; i++) {
            pool.query("INSERT INTO ledger (at, term, domain, queue, partition_no, from_worker, to_worker, epoch,"
                            + " reason, live_workers) VALUES (UTC_TIMESTAMP(3) - INTERVAL 8 DAY, 1, '" + d
                            + "', 'q', 0, NULL, NULL, 0, 'LEAVE', 0)")
                    .execute()
                    .await()
                    .indefinitely();
        }

        // When pruned two at a time
        int pruned = store.prune(Duration.ofDays(7), 2).await().indefinitely();

        // Then the old ones are gone, in two statements, and the recent one stays
        assertThat(pruned).isGreaterThanOrEqualTo(3);
        assertThat(entries(LEDGER, d))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("create"));
        String metrics = io.goxhelix.testing.ManagementPort.metrics(management);
        assertThat(metrics).containsPattern("gox_moves_total\\{domain=\"" + d + "\",reason=\"create\",?} 1\\.0");
    }

    @Test
    void anUnownedPartitionIsExplainedWithoutAMove() {
        String d = newDomain();
        givenQueue(d, "q", 1);

        JsonPath explain =
                given().get(EXPLAIN, d, "q", 0).then().statusCode(200).extract().jsonPath();

        assertThat(explain.getString("state")).isEqualTo("UNASSIGNED");
        assertThat(explain.getString("owner")).isNull();
        assertThat(explain.getString("lastMove")).isNull();
    }
}
