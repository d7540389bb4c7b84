package io.goxhelix.api;

import static io.goxhelix.api.SecurityFixture.BOOTSTRAP;
import static io.goxhelix.api.SecurityFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.goxhelix.api.SecurityFixture.Issued;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit trail: every administrative action and refusal, who, what, on what, how it ended. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class AuditApiSecurityTest {

    private static long lastSeq() {
        return SecurityFixture.auditLines() == 0
                ? 0
                : Long.parseLong(SecurityFixture.row("SELECT MAX(seq) FROM audit_log"));
    }

    private static JsonPath auditAfter(long seq, int limit) {
        return as(BOOTSTRAP)
                .queryParam("after", seq)
                .queryParam("limit", limit)
                .get("/api/v1/audit")
                .jsonPath();
    }

    @Test
    void administrativeActionsAndRefusalsAreRecordedInOrder() {
        String d = SecurityFixture.newDomain();
        Issued worker = SecurityFixture.workerToken(d);
        String w = SecurityFixture.givenWorker(d, worker.header());
        long from = lastSeq();

        SecurityFixture.givenQueue(d, "q", 2);
        assertThat(as(worker.header()).delete(Api.QUEUE, d, "q").statusCode()).isEqualTo(403);
        assertThat(as(BOOTSTRAP).delete(Api.QUEUE, d, "q").statusCode()).isEqualTo(204);
        assertThat(as(BOOTSTRAP).delete(Api.QUEUE, d, "q").statusCode()).isEqualTo(404);
        assertThat(as(BOOTSTRAP).delete(Api.WORKER, d, w).statusCode()).isEqualTo(204);
        assertThat(as(worker.header()).delete(Api.WORKER, d, w).statusCode()).isEqualTo(204);
        SecurityFixture.revoke(worker);

        JsonPath audit = auditAfter(from, 100);
        List<Map<String, Object>> lines = audit.getList("$");
        assertThat(lines)
                .extracting(l -> l.get("principal"), l -> l.get("action"), l -> l.get("target"), l -> l.get("outcome"))
                .containsExactly(
                        tuple("bootstrap", "queue.put", d + "/q", "ok"),
                        tuple(worker.id(), "queue.delete", d + "/q", "denied"),
                        tuple("bootstrap", "queue.delete", d + "/q", "ok"),
                        tuple("bootstrap", "queue.delete", d + "/q", "not-found"),
                        tuple("bootstrap", "worker.leave", d + "/" + w, "ok"),
                        tuple("bootstrap", "token.revoke", worker.id(), "ok"));
        assertThat(audit.getString("[0].detail")).isEqualTo("partitions=2");
        assertThat(audit.getString("[1].detail")).contains("operator token");
        assertThat(audit.getString("[0].at")).isNotBlank();
    }

    @Test
    void aTokenCreationIsRecordedWithoutItsSecret() {
        long from = lastSeq();

        var created = as(BOOTSTRAP)
                .body(Map.of("name", "audited", "role", "worker", "domains", List.of("d1", "d2")))
                .post("/api/v1/tokens");

        JsonPath audit = auditAfter(from, 100);
        assertThat(audit.getString("[0].action")).isEqualTo("token.create");
        assertThat(audit.getString("[0].target")).isEqualTo(created.jsonPath().getString("id"));
        assertThat(audit.getString("[0].detail")).isEqualTo("name=audited role=worker domains=d1,d2");
        assertThat(audit.prettify()).doesNotContain(created.jsonPath().getString("secret"));
    }

    @Test
    void theTrailIsReadInPages() {
        long from = lastSeq();
        for (int i = 0; i < 3; i++) {
            SecurityFixture.givenQueue(SecurityFixture.newDomain(), "q", 1);
        }

        List<Long> first = auditAfter(from, 2).getList("seq", Long.class);
        List<Long> rest = auditAfter(first.get(1), 2).getList("seq", Long.class);

        assertThat(first).hasSize(2).isSorted();
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0)).isGreaterThan(first.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=x", "after=-1", "after=1.5"})
    void badPagesAre400(String query) {
        Api.assertProblem(as(BOOTSTRAP).get("/api/v1/audit?" + query), 400);
    }
}
