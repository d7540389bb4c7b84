package io.goxhelix.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void domainAndQueueNamesFollowOneRule() {
        assertThat(DomainName.of("domain_order").value()).isEqualTo("domain_order");
        assertThat(QueueName.of("a.b-c_9").value()).isEqualTo("a.b-c_9");
        assertThat(QueueName.of("q".repeat(64)).value()).hasSize(64);

        assertThatThrownBy(() -> DomainName.of("_d"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid domain name '_d': expected ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
        assertThatThrownBy(() -> QueueName.of("q".repeat(65))).hasMessageStartingWith("Invalid queue name");
        assertThatThrownBy(() -> QueueName.of("no/slash")).hasMessageStartingWith("Invalid queue name 'no/slash'");
        assertThatThrownBy(() -> QueueName.of("a,b")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> DomainName.of(null)).hasMessageStartingWith("Invalid domain name 'null'");
    }

    @Test
    void workerIdsAreUuidsKeptInLowerCase() {
        WorkerId id = WorkerId.parse("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0");

        assertThat(id.value()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(id).isEqualTo(WorkerId.parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
        assertThat(Name.isCanonicalUuid(WorkerId.random().value())).isTrue();
        assertThatThrownBy(() -> WorkerId.parse("worker-1")).hasMessageContaining("workerId 'worker-1' is not a UUID");
        assertThatThrownBy(() -> new WorkerId("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> WorkerId.parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f"))
                .hasMessageContaining("is not a UUID");
    }
}
