package io.goxhelix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.coordination.PartitionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTextTest {

    private static final String ID = "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    @Test
    void quotesValidNamesIdsAndConstants() {
        StringBuilder sql = new StringBuilder();
        SqlText.name(sql, "orders.eu-1_A").append(", ");
        SqlText.workerId(sql, ID).append(", ");
        SqlText.workerIdOrNull(sql, null).append(", ");
        SqlText.constant(sql, PartitionState.RELEASING).append(", ");
        SqlText.bool(sql, true).append(", ");
        SqlText.bool(sql, false);
        assertThat(sql).hasToString("'orders.eu-1_A', '" + ID + "', NULL, 'RELEASING', TRUE, FALSE");
    }

    @Test
    void listsWorkerIds() {
        String other = "00000000-0000-4000-8000-000000000001";
        assertThat(SqlText.workerIds(new StringBuilder("IN ("), List.of(ID, other))
                        .append(')'))
                .hasToString("IN ('" + ID + "', '" + other + "')");
        assertThatThrownBy(() -> SqlText.workerIds(new StringBuilder(), List.of(ID, "x'y")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsNamesUpToSixtyFourCharacters() {
        String longest = "a".repeat(64);
        assertThat(SqlText.name(new StringBuilder(), longest)).hasToString("'" + longest + "'");
    }

    @Test
    void rejectsAnyNameOutsideTheAlphabet() {
        for (String bad : List.of(
                "",
                "a'b",
                "a\\b",
                "a\"b",
                "a`b",
                "a b",
                "a;b",
                "a,b",
                "a\nb",
                "a\u0000b",
                "a%b",
                "é",
                "-leading",
                "_leading",
                ".leading",
                "a".repeat(65),
                "x' OR '1'='1",
                "x'); DROP TABLE partitions; --")) {
            assertThatThrownBy(() -> SqlText.name(new StringBuilder(), bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SqlText.name(new StringBuilder(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOnlyCanonicalLowerCaseWorkerIds() {
        for (String bad : List.of(
                "",
                "worker-1",
                ID.toUpperCase(java.util.Locale.ROOT),
                ID.replace("-", ""),
                ID + "0",
                ID.substring(1),
                ID.substring(0, 35) + "'",
                ID.substring(0, 35) + "\\",
                "' OR 1=1 -- 4e5f-8a9b-0c1d2e3f4a5b")) {
            assertThatThrownBy(() -> SqlText.workerId(new StringBuilder(), bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SqlText.workerIdOrNull(new StringBuilder(), bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SqlText.workerId(new StringBuilder(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesWhatWasWrittenBeforeARejectedValueAsItWas() {
        StringBuilder sql = new StringBuilder("VALUES (");
        assertThatThrownBy(() -> SqlText.name(sql, "a'b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(sql).hasToString("VALUES (");
    }
}
