package io.goxhelix.client.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FencingStatementsTest {

    @Test
    void aSchemaQualifiesEveryTableTheKitReadsOrWrites() {
        FencingStatements sql = FencingStatements.in("gox_helix$1");

        assertThat(sql.partitionShareLocked()).contains("FROM `gox_helix$1`.partitions");
        assertThat(sql.lease()).contains("FROM `gox_helix$1`.workers");
        assertThat(sql.checkpointForUpdate()).contains("FROM `gox_helix$1`.checkpoints");
        assertThat(sql.checkpoint()).contains("FROM `gox_helix$1`.checkpoints");
        assertThat(sql.writeCheckpoint()).startsWith("INSERT INTO `gox_helix$1`.checkpoints");
    }

    @Test
    void withoutSchemaTheTablesAreTheCurrentDatabases() {
        FencingStatements sql = FencingStatements.unqualified();

        assertThat(sql.partitionShareLocked()).contains("FROM partitions").endsWith("LOCK IN SHARE MODE");
        assertThat(sql.writeCheckpoint()).startsWith("INSERT INTO checkpoints");
    }

    @Test
    void aSchemaNameThatCouldEscapeItsQuotesIsRefused() {
        for (String bad : new String[] {"", "a`b", "a.b", "a b", "x".repeat(65), "sch;DROP"}) {
            assertThatThrownBy(() -> FencingStatements.in(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
