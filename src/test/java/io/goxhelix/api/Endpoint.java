package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.as;
import static io.goxhelix.api.SecurityFixture.row;

import io.goxhelix.api.SecurityFixture.Answer;
import io.goxhelix.api.SecurityMatrixTest.World;
import io.restassured.RestAssured;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every endpoint of API v1, as the security matrix calls it: what a case prepares (a fresh queue,
 * worker id or token, so that a granted change does not disturb the next case), the request, and
 * the state the request would change, read from the database to compare before and after a refusal.
 */
enum Endpoint {
    QUEUE_PUT(201, false, false, true),
    QUEUE_GET(200, true, false, false),
    QUEUE_LIST(200, true, false, false),
    QUEUE_DELETE(204, false, false, true),
    HEARTBEAT(200, true, true, false),
    LEAVE(204, true, true, false),
    WORKER_LIST(200, true, false, false),
    SNAPSHOT(200, true, true, false),
    STREAM(200, true, true, false),
    DRAIN(202, true, true, false),
    DRAIN_STATE(200, true, false, false),
    CORDON(200, false, false, true),
    STOPPABLE(200, true, false, false),
    FREEZE_PUT(200, false, false, true),
    FREEZE_GET(200, true, false, false),
    FREEZE_DELETE(204, false, false, true),
    BALANCING_PUT(200, false, false, true),
    BALANCING_GET(200, true, false, false),
    BALANCING_DELETE(200, false, false, true),
    CLUSTER(200, false, false, false),
    LEDGER(200, false, false, false),
    EXPLAIN(200, false, false, false),
    LEDGER_STREAM(200, false, false, false),
    VIEW_STREAM(200, false, false, false),
    TOKEN_CREATE(201, false, false, true),
    TOKEN_LIST(200, false, false, true),
    TOKEN_REVOKE(204, false, false, true),
    AUDIT(200, false, false, true);

    /** The status of a granted request. */
    final int ok;
    /** A worker may take it in its own domain. */
    final boolean workerMay;
    /** ... on a worker id it registered only. */
    final boolean ownWorkerOnly;
    /** Operators' administration: a refusal is audited. */
    final boolean administrative;

    Endpoint(int ok, boolean workerMay, boolean ownWorkerOnly, boolean administrative) {
        this.ok = ok;
        this.workerMay = workerMay;
        this.ownWorkerOnly = ownWorkerOnly;
        this.administrative = administrative;
    }

    /** A fresh target of the request: a queue, a worker id or a token id. */
    String prepare(World w) {
        return switch (this) {
            case QUEUE_PUT -> "p-" + UUID.randomUUID();
            case QUEUE_DELETE -> {
                String q = "x-" + UUID.randomUUID();
                SecurityFixture.givenQueue(w.domain(), q, 2);
                yield q;
            }
            case HEARTBEAT, LEAVE, SNAPSHOT, STREAM, DRAIN, DRAIN_STATE, CORDON, STOPPABLE ->
                SecurityFixture.givenWorker(w.domain(), w.owner().header());
            case TOKEN_REVOKE -> SecurityFixture.workerToken(w.domain()).id();
            default -> "";
        };
    }

    Answer call(World w, String target, String authorization) {
        String d = w.domain();
        return switch (this) {
            case QUEUE_PUT ->
                Answer.of(as(authorization).body(Map.of("partitions", 4)).put(Api.QUEUE, d, target));
            case QUEUE_GET -> Answer.of(as(authorization).get(Api.QUEUE, d, "q"));
            case QUEUE_LIST -> Answer.of(as(authorization).get(Api.QUEUES, d));
            case QUEUE_DELETE -> Answer.of(as(authorization).delete(Api.QUEUE, d, target));
            case HEARTBEAT ->
                Answer.of(as(authorization)
                        .body(Map.of("queues", List.of("other"), "ackedVersion", 0))
                        .post(Api.HEARTBEAT, d, target));
            case LEAVE -> Answer.of(as(authorization).delete(Api.WORKER, d, target));
            case WORKER_LIST -> Answer.of(as(authorization).get(Api.WORKERS, d));
            case SNAPSHOT ->
                Answer.of(as(authorization).accept("application/json").get(Api.ASSIGNMENTS, d, target));
            case STREAM ->
                SecurityFixture.stream(URI.create("http://localhost:" + RestAssured.port), d, target, authorization);
            case DRAIN -> Answer.of(as(authorization).post(Api.WORKER + "/drain", d, target));
            case DRAIN_STATE -> Answer.of(as(authorization).get(Api.WORKER + "/drain", d, target));
            case CORDON -> Answer.of(as(authorization).put(Api.WORKER + "/cordon", d, target));
            case STOPPABLE -> Answer.of(as(authorization).get(Api.WORKER + "/stoppable", d, target));
            case FREEZE_PUT ->
                Answer.of(as(authorization).body(Map.of("for", "PT10M")).put("/api/v1/domains/{d}/freeze", d));
            case FREEZE_GET -> Answer.of(as(authorization).get("/api/v1/domains/{d}/freeze", d));
            case FREEZE_DELETE -> Answer.of(as(authorization).delete("/api/v1/domains/{d}/freeze", d));
            case BALANCING_PUT ->
                Answer.of(as(authorization)
                        .body(Map.of("mode", "load", "tolerance", 0.2))
                        .put("/api/v1/domains/{d}/balancing", d));
            case BALANCING_GET -> Answer.of(as(authorization).get("/api/v1/domains/{d}/balancing", d));
            case BALANCING_DELETE -> Answer.of(as(authorization).delete("/api/v1/domains/{d}/balancing", d));
            case CLUSTER -> Answer.of(as(authorization).get("/api/v1/cluster"));
            case LEDGER -> Answer.of(as(authorization).get("/api/v1/domains/{d}/ledger", d));
            case LEDGER_STREAM ->
                SecurityFixture.streamAt(
                        URI.create("http://localhost:" + RestAssured.port),
                        "/api/v1/domains/" + d + "/ledger",
                        authorization);
            case VIEW_STREAM ->
                SecurityFixture.streamAt(
                        URI.create("http://localhost:" + RestAssured.port),
                        "/api/v1/domains/" + d + "/view",
                        authorization);
            case EXPLAIN -> Answer.of(as(authorization).get("/api/v1/domains/{d}/queues/q/partitions/0/explain", d));
            case TOKEN_CREATE ->
                Answer.of(as(authorization)
                        .body(Map.of(
                                "name",
                                "m-" + UUID.randomUUID().toString().substring(0, 8),
                                "role",
                                "worker",
                                "domains",
                                List.of(d)))
                        .post("/api/v1/tokens"));
            case TOKEN_LIST -> Answer.of(as(authorization).get("/api/v1/tokens"));
            case TOKEN_REVOKE -> Answer.of(as(authorization).delete("/api/v1/tokens/{id}", target));
            case AUDIT -> Answer.of(as(authorization).get("/api/v1/audit"));
        };
    }

    /** What the request would change, read from the database ("" for a read). */
    String state(World w, String target) {
        return switch (this) {
            case QUEUE_PUT, QUEUE_DELETE ->
                row("SELECT partitions FROM queues WHERE domain = '" + w.domain() + "' AND queue = '" + target + "'");
            // (Not the version: the coordinator moves it when it grants the worker the queue's partitions.)
            case HEARTBEAT, LEAVE ->
                row("SELECT queues, live, acked_version, registered_by FROM workers WHERE domain = '" + w.domain()
                        + "' AND worker_id = '" + target + "'");
            case DRAIN, CORDON ->
                row("SELECT drain, cordoned FROM workers WHERE domain = '" + w.domain() + "' AND worker_id = '" + target
                        + "'");
            case FREEZE_PUT, FREEZE_DELETE ->
                row("SELECT COUNT(*) FROM domain_freezes WHERE domain = '" + w.domain()
                        + "' AND frozen_until > UTC_TIMESTAMP(3)");
            case BALANCING_PUT, BALANCING_DELETE ->
                row("SELECT mode, tolerance FROM domain_balancing WHERE domain = '" + w.domain() + "'");
            case TOKEN_CREATE -> row("SELECT COUNT(*) FROM api_tokens");
            case TOKEN_REVOKE -> row("SELECT revoked_at IS NULL FROM api_tokens WHERE id = '" + target + "'");
            default -> "";
        };
    }
}
