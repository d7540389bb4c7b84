package io.goxhelix.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the service's views used by the coordination tests. */
public final class Cluster {

    private Cluster() {}

    public static void putQueue(String domain, String queue, int partitions) {
        given().contentType("application/json")
                .body(Map.of("partitions", partitions))
                .put("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    /** partition -> owner, for partitions in state ASSIGNED. */
    public static Map<Integer, String> assigned(String domain, String queue) {
        JsonPath view = given().get("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> slots = view.getList("assignments");
        Map<Integer, String> owners = new HashMap<>();
        for (Map<String, Object> s : slots) {
            if ("ASSIGNED".equals(s.get("state"))) {
                owners.put((Integer) s.get("partition"), (String) s.get("workerId"));
            }
        }
        return owners;
    }

    /**
     * The grants the queue view shows now, each as an instant holding at {@code at}: a sequence of
     * such observations is what {@link Invariants#epochs} judges (the same grant seen again is no new
     * one).
     */
    public static List<HoldingLog.Interval> grants(String domain, String queue, long at) {
        List<Map<String, Object>> slots = given().get("/api/v1/domains/{d}/queues/{q}", domain, queue)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("assignments");
        List<HoldingLog.Interval> grants = new java.util.ArrayList<>();
        for (Map<String, Object> s : slots) {
            if ("ASSIGNED".equals(s.get("state"))) {
                grants.add(new HoldingLog.Interval(
                        queue,
                        (Integer) s.get("partition"),
                        (String) s.get("workerId"),
                        ((Number) s.get("epoch")).longValue(),
                        at,
                        at));
            }
        }
        return grants;
    }

    /**
     * Every partition ASSIGNED to one of {@code workers}, each holding floor or ceil of the share: S5
     * by {@link Invariants#balance}, all of them serving the queue.
     */
    public static boolean balanced(Map<Integer, String> owners, int partitions, List<String> workers) {
        return Invariants.balance(Layout.ofOneQueue("q", partitions, workers, owners))
                .isEmpty();
    }

    public static long currentTerm() {
        // -1 while no instance acts (between a step-down and the next election).
        Object term = given().get("/api/v1/cluster").then().extract().jsonPath().get("coordinator.term");
        return term == null ? -1 : ((Number) term).longValue();
    }
}
