package io.goxhelix.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.access.Authorization.Decision;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    private static final Principal OPERATOR = Principal.operator("op-1", "ops");
    private static final Principal WORKER = Principal.worker("w-1", "fleet", Set.of("orders", "billing"));

    /** What a worker may do in its own domains; everything else is the operator's. */
    private static final Set<Action> WORKER_MAY = EnumSet.of(
            Action.QUEUE_READ,
            Action.WORKER_HEARTBEAT,
            Action.WORKER_LEAVE,
            Action.WORKER_DRAIN,
            Action.WORKER_LIST,
            Action.ASSIGNMENT_READ);

    @Property
    void anOperatorMayDoEverythingEverywhere(@ForAll Action action, @ForAll("domains") String domain) {
        assertThat(Authorization.decide(OPERATOR, action, domain).allowed()).isTrue();
    }

    @Property
    void aWorkerMayDoItsSixThingsInItsOwnDomainsOnly(@ForAll Action action, @ForAll("domains") String domain) {
        Decision d = Authorization.decide(WORKER, action, domain);

        boolean expected = WORKER_MAY.contains(action) && WORKER.domains().contains(domain);
        assertThat(d.allowed()).as("%s in %s", action, domain).isEqualTo(expected);
        if (!expected) {
            assertThat(d.reason()).isNotBlank();
        }
    }

    @Test
    void aWorkerMayNotAdministerEvenInItsOwnDomain() {
        for (Action a : EnumSet.complementOf(EnumSet.copyOf(WORKER_MAY))) {
            Decision d = Authorization.decide(WORKER, a, "orders");
            assertThat(d.allowed()).as("%s", a).isFalse();
            assertThat(d.reason()).contains("operator token");
        }
    }

    @Test
    void aWorkerOfNoDomainMayDoNothing() {
        Principal none = Principal.worker("w-2", "idle", Set.of());
        for (Action a : Action.values()) {
            assertThat(Authorization.decide(none, a, "orders").allowed()).isFalse();
        }
    }

    @Test
    void aForeignDomainIsNamedInTheRefusal() {
        assertThat(Authorization.decide(WORKER, Action.WORKER_HEARTBEAT, "payments"))
                .isEqualTo(new Decision(false, "This token is not valid in domain 'payments'"));
    }

    @Test
    void onlyAdministrativeActionsAreOperatorOnlyAndAudited() {
        for (Action a : Action.values()) {
            if (a.administrative()) {
                assertThat(WORKER_MAY).doesNotContain(a);
            }
        }
        assertThat(Action.QUEUE_PUT.auditName()).isEqualTo("queue.put");
    }

    @Test
    void aWorkerIdBelongsToWhoeverRegisteredIt() {
        assertThat(Authorization.mayActOnWorker(WORKER, "w-1")).isTrue();
        assertThat(Authorization.mayActOnWorker(WORKER, "w-other")).isFalse();
        assertThat(Authorization.mayActOnWorker(WORKER, null)).isTrue();
        assertThat(Authorization.mayActOnWorker(OPERATOR, "w-other")).isTrue();
    }

    @Test
    void anUnclaimedWorkerIdIsClaimedByTheFirstHeartbeatAndKeptAfter() {
        assertThat(Authorization.ownerAfterHeartbeat(WORKER, null)).isEqualTo("w-1");
        assertThat(Authorization.ownerAfterHeartbeat(WORKER, "w-1")).isEqualTo("w-1");
        // An operator acting on a worker's id does not take it over.
        assertThat(Authorization.ownerAfterHeartbeat(OPERATOR, "w-1")).isEqualTo("w-1");
    }

    @Provide
    Arbitrary<String> domains() {
        return Arbitraries.oneOf(
                Arbitraries.of("orders", "billing", "payments", "Orders"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10));
    }
}
