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

    /** Every partition ASSIGNED to one of {@code workers}, each holding floor or ceil of the share. */
    public static boolean balanced(Map<Integer, String> owners, int partitions, List<String> workers) {
        if (owners.size() != partitions) {
            return false;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String w : owners.values()) {
            if (!workers.contains(w)) {
                return false;
            }
            counts.merge(w, 1, Integer::sum);
        }
        int floor = partitions / workers.size();
        int ceil = (partitions + workers.size() - 1) / workers.size();
        for (String w : workers) {
            int c = counts.getOrDefault(w, 0);
            if (c < floor || c > ceil) {
                return false;
            }
        }
        return true;
    }

    public static long currentTerm() {
        // -1 while no instance acts (between a step-down and the next election).
        Object term = given().get("/api/v1/cluster").then().extract().jsonPath().get("coordinator.term");
        return term == null ? -1 : ((Number) term).longValue();
    }
}
