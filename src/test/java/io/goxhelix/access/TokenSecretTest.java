package io.goxhelix.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aSecretIsThePrefixAnd32RandomBytesInBase64Url() {
        TokenSecret s = TokenSecret.generate(RANDOM);

        assertThat(s.reveal()).startsWith("gox_").hasSize(4 + 43).matches("gox_[A-Za-z0-9_-]{43}");
        assertThat(s.isWellFormed()).isTrue();
    }

    @Test
    void secretsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(TokenSecret.generate(RANDOM).reveal())).isTrue();
        }
    }

    @Test
    void theHashIsSha256InLowerCaseHex() {
        // FIPS 180-2 test vector
        assertThat(TokenSecret.of("abc").hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        TokenSecret s = TokenSecret.generate(RANDOM);
        assertThat(s.hash())
                .hasSize(64)
                .matches("[0-9a-f]{64}")
                .doesNotContain(s.reveal().substring(4));
        assertThat(s.matchesHash(s.hash())).isTrue();
        assertThat(s.matchesHash(TokenSecret.generate(RANDOM).hash())).isFalse();
    }

    @Test
    void theSecretNeverShowsInItsStringForm() {
        TokenSecret s = TokenSecret.generate(RANDOM);

        assertThat(s.toString()).doesNotContain(s.reveal().substring(4));
        assertThat(String.valueOf(s)).doesNotContain(s.reveal().substring(4, 10));
    }

    @Test
    void presentedSecretsOfAnotherShapeAreNotWellFormed() {
        assertThat(TokenSecret.of("gox_short").isWellFormed()).isFalse();
        assertThat(TokenSecret.of("xyz_" + "a".repeat(43)).isWellFormed()).isFalse();
        assertThat(TokenSecret.of("gox_" + "a".repeat(42) + "=").isWellFormed()).isFalse();
    }
}
