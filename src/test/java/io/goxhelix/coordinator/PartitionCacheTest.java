package io.goxhelix.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.coordination.PartitionRow;
import io.goxhelix.coordination.PartitionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionCacheTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
    private static final long MAX_AGE = 1_000;

    private static PartitionRow assigned(int p, long epoch) {
        return new PartitionRow("q", p, A, PartitionState.ASSIGNED, epoch, 0);
    }

    private final PartitionCache cache = new PartitionCache(MAX_AGE);

    @Test
    void aDomainIsReadOnceATermAndThenFollowsWhatTheRoundsOfThatTermCommit() {
        // Nothing before the first read
        assertThat(cache.rows("d", 7, 0)).isNull();

        // Given the rows a round of term 7 read
        assertThat(cache.loaded("d", 7, 0, List.of(assigned(0, 1), PartitionRow.unassigned("q", 1, 0))))
                .isTrue();

        // When a round of term 7 commits a grant of partition 1
        cache.committed("d", 7, List.of(assigned(1, 1)));

        // Then the next round of term 7 gets both rows as now stored
        assertThat(cache.rows("d", 7, 10)).containsExactlyInAnyOrder(assigned(0, 1), assigned(1, 1));
        // And no round of another term, or in another domain, gets anything
        assertThat(cache.rows("d", 8, 10)).isNull();
        assertThat(cache.rows("e", 7, 10)).isNull();
    }

    @Test
    void aCommitUnderAnotherTermIsNotApplied() {
        cache.loaded("d", 7, 0, List.of(assigned(0, 1)));

        cache.committed("d", 8, List.of(PartitionRow.unassigned("q", 0, 1)));

        assertThat(cache.rows("d", 7, 10)).containsExactly(assigned(0, 1));
    }

    @Test
    void aFailedRoundOrAnOldCopyMakesTheNextRoundReadAgain() {
        cache.loaded("d", 7, 0, List.of(assigned(0, 1)));
        cache.loaded("e", 7, 0, List.of(assigned(0, 1)));

        cache.forget("d");

        assertThat(cache.rows("d", 7, 10)).isNull();
        assertThat(cache.rows("e", 7, MAX_AGE)).isNotNull();
        assertThat(cache.rows("e", 7, MAX_AGE + 1)).isNull();
    }

    @Test
    void aReadThatFindsTheCopyWrongReportsItAndReplacesIt() {
        // Given a copy that says partition 0 is at epoch 1, and a later read of the same term that says 2
        cache.loaded("d", 7, 0, List.of(assigned(0, 1)));

        // Then the read is reported as differing, and it wins
        assertThat(cache.loaded("d", 7, MAX_AGE + 1, List.of(assigned(0, 2)))).isFalse();
        assertThat(cache.rows("d", 7, MAX_AGE + 2)).containsExactly(assigned(0, 2));
        // While a read that agrees is not reported
        assertThat(cache.loaded("d", 7, MAX_AGE + 3, List.of(assigned(0, 2)))).isTrue();
    }

    @Test
    void domainsThatAreGoneAreDropped() {
        cache.loaded("d", 7, 0, List.of(assigned(0, 1)));
        cache.loaded("e", 7, 0, List.of(assigned(0, 1)));

        cache.retainOnly(List.of("e"));

        assertThat(cache.rows("d", 7, 10)).isNull();
        assertThat(cache.rows("e", 7, 10)).isNotNull();
    }
}
