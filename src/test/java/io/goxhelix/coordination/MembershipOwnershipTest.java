package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.access.Principal;
import io.goxhelix.coordination.Membership.AckAhead;
import io.goxhelix.coordination.Membership.Beat;
import io.goxhelix.coordination.Membership.Forbidden;
import io.goxhelix.coordination.Membership.Member;
import io.goxhelix.coordination.Membership.Recorded;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A worker id belongs to the principal whose heartbeat registered it. */
class MembershipOwnershipTest {

    private static final Principal A = Principal.worker("token-a", "fleet-a", Set.of("d"));
    private static final Principal B = Principal.worker("token-b", "fleet-b", Set.of("d"));
    private static final Principal OPS = Principal.operator("token-ops", "ops");

    @Test
    void aFirstHeartbeatRecordsWhoRegisteredTheWorker() {
        assertThat(Membership.heartbeat(null, "q", 0, A))
                .isEqualTo(new Recorded(new Member(true, 0, 0, "q", "token-a"), true, false));
    }

    @Test
    void anotherPrincipalsHeartbeatIsForbiddenAndRecordsNothing() {
        Member owned = new Member(true, 5, 5, "q", "token-a");

        assertThat(Membership.heartbeat(owned, "q,r", 5, B)).isEqualTo(new Forbidden("token-a"));
        // Refused before anything of the worker's state is told, even an acknowledgement ahead.
        assertThat(Membership.heartbeat(owned, "q", 99, B)).isEqualTo(new Forbidden("token-a"));
    }

    @Test
    void theOwnerRenewsAndKeepsItsWorker() {
        Member owned = new Member(true, 5, 4, "q", "token-a");

        assertThat(Membership.heartbeat(owned, "q", 5, A))
                .isEqualTo(new Recorded(new Member(true, 5, 5, "q", "token-a"), true, false));
        assertThat(Membership.heartbeat(owned, "q", 6, A)).isEqualTo(new AckAhead(6, 5));
    }

    @Test
    void theOwnerOfADepartedWorkerIsStillItsOwner() {
        Member gone = new Member(false, 7, 6, "q", "token-a");

        assertThat(Membership.heartbeat(gone, "q", 6, B)).isEqualTo(new Forbidden("token-a"));
        assertThat(Membership.heartbeat(gone, "q", 6, A))
                .isEqualTo(new Recorded(new Member(true, 8, 6, "q", "token-a"), true, true));
    }

    @Test
    void anOperatorMayHeartbeatAnyWorkerWithoutTakingItOver() {
        Member owned = new Member(true, 5, 5, "q", "token-a");

        assertThat(Membership.heartbeat(owned, "q", 5, OPS)).isEqualTo(new Recorded(owned, false, false));
    }

    @Test
    void aWorkerRegisteredWithAuthenticationOffIsClaimedByItsFirstPrincipal() {
        Member unowned = new Member(true, 5, 5, "q");

        Beat claimed = Membership.heartbeat(unowned, "q", 5, A);

        assertThat(claimed).isEqualTo(new Recorded(new Member(true, 5, 5, "q", "token-a"), false, false));
        Member now = ((Recorded) claimed).member();
        assertThat(Membership.heartbeat(now, "q", 5, B)).isEqualTo(new Forbidden("token-a"));
    }

    @Test
    void withAuthenticationOffNobodysWorkerIsRefusedAndTheOwnerIsKept() {
        Member owned = new Member(true, 5, 5, "q", "token-a");

        assertThat(Membership.heartbeat(owned, "q", 5)).isEqualTo(new Recorded(owned, false, false));
    }
}
