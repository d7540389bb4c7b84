package io.goxhelix.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElectionTest {

    @Test
    void theLockIsScopedToTheDatabaseSoThatClustersOnOneServerStayApart() {
        assertThat(Election.scoped("gox-helix.coordinator", "orders")).isEqualTo("gox-helix.coordinator@orders");
        assertThat(Election.scoped("gox-helix.coordinator", "billing"))
                .isNotEqualTo(Election.scoped("gox-helix.coordinator", "orders"));
    }

    @Test
    void aLongNameStaysWithinTheServersLimitAndDistinct() {
        String a = Election.scoped("gox-helix.coordinator", "a".repeat(64));
        String b = Election.scoped("gox-helix.coordinator", "a".repeat(63) + "b");

        assertThat(a).hasSizeLessThanOrEqualTo(64).isNotEqualTo(b);
        assertThat(b).hasSizeLessThanOrEqualTo(64);
    }
}
