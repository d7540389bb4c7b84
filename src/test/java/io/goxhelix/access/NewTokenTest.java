package io.goxhelix.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.access.NewToken.InvalidTokenException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NewTokenTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00.000Z");

    @Test
    void aWorkerTokenNamesItsDomainsSortedAndMayExpire() {
        NewToken t = NewToken.of(
                "fleet-eu", "worker", List.of("orders", "billing", "orders"), Duration.ofDays(30), null, NOW);

        assertThat(t.role()).isEqualTo(Role.WORKER);
        assertThat(t.domains()).containsExactly("billing", "orders");
        assertThat(t.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void anOperatorTokenHasNoDomainsAndMayNeverExpire() {
        NewToken t = NewToken.of("ops", "operator", null, null, null, NOW);

        assertThat(t.domains()).isEmpty();
        assertThat(t.expiresAt()).isNull();
        assertThat(NewToken.of("ops", "operator", List.of(), null, NOW.plusSeconds(5), NOW)
                        .expiresAt())
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void everyBrokenRuleIsRefusedWithItsReason() {
        assertRefused(() -> NewToken.of(null, "worker", List.of("d"), null, null, NOW), "Invalid token name");
        assertRefused(() -> NewToken.of("a b", "worker", List.of("d"), null, null, NOW), "Invalid token name 'a b'");
        assertRefused(() -> NewToken.of("n", null, List.of("d"), null, null, NOW), "role must be");
        assertRefused(() -> NewToken.of("n", "admin", List.of("d"), null, null, NOW), "Unknown role 'admin'");
        assertRefused(() -> NewToken.of("n", "worker", null, null, null, NOW), "at least one domain");
        assertRefused(() -> NewToken.of("n", "worker", List.of(), null, null, NOW), "at least one domain");
        assertRefused(() -> NewToken.of("n", "worker", List.of("_x"), null, null, NOW), "Invalid domain name '_x'");
        assertRefused(
                () -> NewToken.of("n", "worker", Collections.singletonList(null), null, null, NOW),
                "Invalid domain name 'null'");
        assertRefused(() -> NewToken.of("n", "operator", List.of("d"), null, null, NOW), "give it no domains");
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "d" + i).toList();
        assertRefused(() -> NewToken.of("n", "worker", many, null, null, NOW), "at most 100 domains");
    }

    @Test
    void theExpiryIsInTheFutureAndWithinTenYears() {
        assertRefused(() -> NewToken.of("n", "operator", null, Duration.ZERO, null, NOW), "positive duration");
        assertRefused(() -> NewToken.of("n", "operator", null, Duration.ofSeconds(-1), null, NOW), "positive");
        assertRefused(() -> NewToken.of("n", "operator", null, null, NOW, NOW), "in the future");
        assertRefused(
                () -> NewToken.of("n", "operator", null, Duration.ofSeconds(1), NOW.plusSeconds(9), NOW), "not both");
        assertRefused(() -> NewToken.of("n", "operator", null, Duration.ofDays(3651), null, NOW), "at most 3650");
        assertRefused(
                () -> NewToken.of("n", "operator", null, null, NOW.plus(Duration.ofDays(3651)), NOW), "at most 3650");
        assertThat(NewToken.of("n", "operator", null, Duration.ofDays(3650), null, NOW)
                        .expiresAt())
                .isEqualTo(NOW.plus(Duration.ofDays(3650)));
    }

    @Test
    void theExpiryIsKeptToTheMillisecond() {
        Instant at = NOW.plusNanos(1_234_567_891L);

        assertThat(NewToken.of("n", "operator", null, null, at, NOW).expiresAt())
                .isEqualTo(NOW.plusMillis(1_234));
    }

    private static void assertRefused(Runnable request, String reason) {
        assertThatThrownBy(request::run)
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(reason);
    }
}
