package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.coordination.Membership.AckAhead;
import io.goxhelix.coordination.Membership.Member;
import io.goxhelix.coordination.Membership.Recorded;
import org.junit.jupiter.api.Test;

class MembershipTest {

    @Test
    void aFirstHeartbeatRegistersAtVersionZeroAndSignalsWithoutANewSnapshot() {
        assertThat(Membership.heartbeat(null, "q", 0))
                .isEqualTo(new Recorded(new Member(true, 0, 0, "q"), true, false));
    }

    @Test
    void aFirstHeartbeatCannotAcknowledgeAnything() {
        assertThat(Membership.heartbeat(null, "q", 1)).isEqualTo(new AckAhead(1, 0));
    }

    @Test
    void aRoutineHeartbeatRenewsWithoutSignal() {
        Member m = new Member(true, 5, 5, "q");

        assertThat(Membership.heartbeat(m, "q", 5)).isEqualTo(new Recorded(m, false, false));
    }

    @Test
    void aNewerAcknowledgementOrQueueSetSignals() {
        Member m = new Member(true, 5, 4, "q");

        assertThat(Membership.heartbeat(m, "q", 5)).isEqualTo(new Recorded(new Member(true, 5, 5, "q"), true, false));
        assertThat(Membership.heartbeat(m, "q,r", 4))
                .isEqualTo(new Recorded(new Member(true, 5, 4, "q,r"), true, false));
    }

    @Test
    void anOlderAcknowledgementNeverMovesTheRecordBack() {
        Member m = new Member(true, 5, 5, "q");

        assertThat(Membership.heartbeat(m, "q", 3)).isEqualTo(new Recorded(m, false, false));
    }

    @Test
    void anAcknowledgementAheadOfTheVersionIsRefused() {
        assertThat(Membership.heartbeat(new Member(true, 5, 5, "q"), "q", 6)).isEqualTo(new AckAhead(6, 5));
    }

    @Test
    void aDepartedOrExpiredWorkerComesBackUnderANewVersion() {
        Member gone = new Member(false, 7, 6, "q");

        assertThat(Membership.heartbeat(gone, "q", 6)).isEqualTo(new Recorded(new Member(true, 8, 6, "q"), true, true));
    }
}
