package io.goxhelix.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.store.CoordinatorStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Workers gone for longer than the retention are forgotten; live ones and recent leavers are not. */
@QuarkusTest
@TestProfile(DepartedWorkersTest.LongLeases.class)
class DepartedWorkersTest {

    /**
     * Leases longer than the 8 days the test moves heartbeats back by: otherwise the coordinator may
     * expire the silent worker (rightly) before the clean-up runs, which then (rightly) forgets it too.
     */
    public static class LongLeases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gox.lease-timeout", "30d");
        }
    }

    @Inject
    CoordinatorStore store;

    @Inject
    Pool pool;

    private static long heartbeat(String domain, String worker, long acked, int status) {
        var answer = given().contentType("application/json")
                .body(Map.of("queues", List.of("q"), "ackedVersion", acked))
                .post("/api/v1/domains/{d}/workers/{w}/heartbeat", domain, worker)
                .then()
                .statusCode(status);
        return status == 200 ? answer.extract().jsonPath().getLong("assignmentVersion") : -1;
    }

    private void leave(String domain, String worker) {
        given().delete("/api/v1/domains/{d}/workers/{w}", domain, worker).then().statusCode(204);
    }

    private void lastHeardDaysAgo(String domain, String worker, int days) {
        pool.preparedQuery("UPDATE workers SET last_heartbeat = UTC_TIMESTAMP(3) - INTERVAL ? DAY"
                        + " WHERE domain = ? AND worker_id = ?")
                .execute(Tuple.of(days, domain, worker))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    private long versionOf(String domain, String worker) {
        return workerColumn("version", domain, worker);
    }

    private boolean known(String domain, String worker) {
        return workerColumn("COUNT(*)", domain, worker) == 1;
    }

    private long workerColumn(String expression, String domain, String worker) {
        return pool.preparedQuery("SELECT " + expression + " FROM workers WHERE domain = ? AND worker_id = ?")
                .execute(Tuple.of(domain, worker))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void aWorkerGoneLongerThanTheRetentionIsForgottenAndStartsOverIfItReturns() {
        // Given a worker that left 8 days ago, one that left just now, and a live one not heard of for 8 days
        String d = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String silent = UUID.randomUUID().toString();
        heartbeat(d, old, 0, 200);
        leave(d, old);
        long oldVersion = versionOf(d, old);
        lastHeardDaysAgo(d, old, 8);
        heartbeat(d, recent, 0, 200);
        leave(d, recent);
        heartbeat(d, silent, 0, 200);
        lastHeardDaysAgo(d, silent, 8);

        // When departed workers older than 7 days are forgotten
        int forgotten = store.forgetDeparted(Duration.ofDays(7)).await().atMost(Duration.ofSeconds(30));

        // Then only the one that left 8 days ago is gone (other tests' workers are all recent)
        assertThat(forgotten).isEqualTo(1);
        assertThat(known(d, old)).isFalse();
        assertThat(known(d, recent)).isTrue();
        assertThat(known(d, silent)).isTrue();

        // And if it returns, acknowledging its old version, it is told to start over, and then can
        assertThat(oldVersion).isPositive();
        heartbeat(d, old, oldVersion, 409);
        assertThat(known(d, old)).isFalse();
        assertThat(heartbeat(d, old, 0, 200)).isZero();
    }
}
