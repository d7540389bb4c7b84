package io.goxhelix.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.names.InvalidNameException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void aWorkerCoversItsDomainsOnlyAndAnOperatorEvery() {
        Principal w = Principal.worker("w", "fleet", Set.of("orders"));

        assertThat(w.covers("orders")).isTrue();
        assertThat(w.covers("Orders")).isFalse();
        assertThat(Principal.bootstrap().covers("anything")).isTrue();
        assertThat(Principal.bootstrap().id()).isEqualTo(Principal.BOOTSTRAP_ID);
    }

    @Test
    void anOperatorIsGivenNoDomainsAndDomainsFollowTheNameRule() {
        assertThatThrownBy(() -> new Principal("o", "o", Role.OPERATOR, new TreeSet<>(Set.of("orders"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Principal.worker("w", "w", Set.of("_bad"))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Principal.operator(" ", "o")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDomainsCannotBeChangedAfterwards() {
        TreeSet<String> given = new TreeSet<>(Set.of("orders"));
        Principal w = new Principal("w", "w", Role.WORKER, given);
        given.add("billing");

        assertThat(w.domains()).containsExactly("orders");
        assertThatThrownBy(() -> w.domains().add("billing")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTokenIsActiveUntilItExpiresOrIsRevoked() {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        Token open = new Token("id", "n", Role.WORKER, new TreeSet<>(Set.of("d")), t, null, null, "bootstrap");
        Token expiring = new Token("id", "n", Role.WORKER, new TreeSet<>(Set.of("d")), t, t.plusSeconds(60), null, "b");
        Token revoked = new Token("id", "n", Role.WORKER, new TreeSet<>(Set.of("d")), t, null, t.plusSeconds(1), "b");

        assertThat(open.isActiveAt(t.plusSeconds(1_000_000))).isTrue();
        assertThat(expiring.isActiveAt(t.plusSeconds(59))).isTrue();
        assertThat(expiring.isActiveAt(t.plusSeconds(60))).isFalse();
        assertThat(revoked.isActiveAt(t)).isFalse();
        assertThat(open.principal()).isEqualTo(Principal.worker("id", "n", Set.of("d")));
    }

    @Test
    void rolesHaveLowerCaseWireNames() {
        assertThat(Role.OPERATOR.wireName()).isEqualTo("operator");
        assertThat(Role.ofWireName("worker")).isEqualTo(Role.WORKER);
        assertThatThrownBy(() -> Role.ofWireName("WORKER")).hasMessageContaining("expected operator or worker");
    }
}
