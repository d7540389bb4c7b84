package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent heartbeats share commits; each is still answered with its own, correct outcome. */
@QuarkusTest
class HeartbeatBatchingTest {

    private static int heartbeat(String domain, String worker, long acked) {
        return given().contentType("application/json")
                .body(Map.of("queues", List.of("q"), "ackedVersion", acked))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void concurrentHeartbeatsAreEachRecordedOrRefusedOnTheirOwn() throws Exception {
        // Given 200 workers heartbeating at once, every fourth with an acknowledgement it cannot give
        String d = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                long acked = i % 4 == 0 ? 5 : 0;
                answers.add(pool.submit((Callable<Integer>) () -> heartbeat(d, id, acked)));
            }

            // Then each got its own answer, and exactly the accepted ones are registered
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int status = answers.get(i).get();
                assertThat(status).isEqualTo(i % 4 == 0 ? 409 : 200);
                if (status == 200) {
                    accepted.add(ids.get(i));
                }
            }
            // (Read from the table, live or not: on a loaded machine the first leases may run out, and
            // the coordinator expire those workers, before the last answer comes.)
            List<String> registered = SecurityFixture.column(
                    "SELECT worker_id FROM workers WHERE domain = '" + d + "' ORDER BY worker_id");
            assertThat(registered)
                    .containsExactlyElementsOf(accepted.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
    }
}
