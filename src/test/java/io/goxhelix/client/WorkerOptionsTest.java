package io.goxhelix.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.names.InvalidNameException;
import io.goxhelix.names.Name;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    private static WorkerOptions.Builder valid() {
        return WorkerOptions.builder()
                .baseUri("http://localhost:8080")
                .domain("domain_order")
                .queues("food_order");
    }

    @Test
    void defaults() {
        WorkerOptions o = valid().build();
        assertThat(o.baseUris()).containsExactly(URI.create("http://localhost:8080"));
        assertThat(o.queues()).containsExactly("food_order");
        assertThat(o.workerId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isNotEqualTo(valid().build().workerId());
        assertThat(o.connectTimeout()).isPositive();
        assertThat(o.requestTimeout()).isPositive();
        assertThat(o.safetyMargin()).isEmpty();
        assertThat(o.reconnectInitialDelay()).isLessThanOrEqualTo(o.reconnectMaxDelay());
        assertThat(o.nanoTime().getAsLong()).isNotZero();
    }

    @Test
    void theDefaultMarginIsTheLargerOfOneSecondAndTenPercentButAtMostHalfTheLease() {
        WorkerOptions o = valid().build();
        assertThat(o.safetyMarginFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.safetyMarginFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(6));
        assertThat(o.safetyMarginFor(Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(750));
        assertThat(valid().safetyMargin(Duration.ofMillis(300)).build().safetyMarginFor(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void keepsSeveralBaseUrisInOrderAndQueuesWithoutDuplicates() {
        WorkerOptions o = valid().baseUri("https://gox-2:8443/prefix/")
                .queues("b", "a", "b")
                .workerId("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")
                .build();
        assertThat(o.baseUris())
                .containsExactly(URI.create("http://localhost:8080"), URI.create("https://gox-2:8443/prefix/"));
        assertThat(o.queues()).containsExactly("b", "a");
        assertThat(o.workerId()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(valid().baseUris(List.of(URI.create("http://x:1"))).build().baseUris())
                .containsExactly(URI.create("http://x:1"));
    }

    @Test
    void closeDrainsForThirtySecondsByDefaultAndAnnouncesNoVersion() {
        WorkerOptions o = valid().build();
        assertThat(o.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.appVersion()).isEmpty();
        WorkerOptions set =
                valid().drainTimeout(Duration.ZERO).appVersion("2.4.1+b7").build();
        assertThat(set.drainTimeout()).isZero();
        assertThat(set.appVersion()).contains("2.4.1+b7");
    }

    @Test
    void rejectsANegativeDrainTimeoutAndAMalformedVersion() {
        assertInvalid(valid().drainTimeout(Duration.ofSeconds(-1)), "drainTimeout must be >= 0");
        assertInvalid(valid().appVersion("1.0 beta"), "appVersion must be");
        assertInvalid(valid().appVersion(""), "appVersion must be");
    }

    @Test
    void rejectsBadBaseUris() {
        assertInvalid(WorkerOptions.builder().domain("d").queues("q"), "baseUris: at least one");
        assertInvalid(valid().baseUri("localhost:8080"), "absolute http or https URI");
        assertInvalid(valid().baseUri("ftp://host/"), "absolute http or https URI");
        assertInvalid(valid().baseUri("/relative"), "absolute http or https URI");
        assertInvalid(valid().baseUri("http://host:8080/?x=1"), "no query");
        assertThatThrownBy(() -> valid().baseUri("http://bad host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a URI");
    }

    @Test
    void rejectsBadNames() {
        assertInvalid(valid().domain(null), "Invalid domain name 'null'");
        assertInvalid(valid().domain("_d"), "Invalid domain name '_d': expected ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
        assertInvalid(valid().domain("a".repeat(65)), "Invalid domain name");
        assertInvalid(valid().queues("ok", "no/slash"), "Invalid queue name 'no/slash'");
        assertInvalid(valid().queues(List.of()), "queues: at least one queue");
        assertThat(valid().domain("a".repeat(64)).queues("A.b-c_9").build().domain())
                .hasSize(64);
    }

    @Test
    void checksNamesAndIdsWithTheRulesOfTheService() {
        assertThat(WorkerOptions.NAME_PATTERN).isEqualTo(Name.PATTERN);
        assertThatThrownBy(valid().domain("no/slash")::build).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(valid().queues("-q")::build).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(valid().workerId("worker-1")::build).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void acceptsAHundredQueuesButNotMore() {
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "q" + i).toList();
        assertThat(valid().queues(hundred).build().queues()).hasSize(100);
        List<String> more = IntStream.range(0, 101).mapToObj(i -> "q" + i).toList();
        assertInvalid(valid().queues(more), "queues: at most 100 queues per worker, got 101");
    }

    @Test
    void rejectsAWorkerIdThatIsNotAUuid() {
        assertInvalid(valid().workerId("worker-1"), "workerId 'worker-1' is not a UUID");
        assertInvalid(valid().workerId("0f1e2d3c4b5a697887 96a5b4c3d2e1f0"), "is not a UUID");
        assertInvalid(valid().workerId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f"), "is not a UUID");
    }

    @Test
    void rejectsDurationsThatAreNotPositive() {
        assertInvalid(valid().connectTimeout(Duration.ZERO), "connectTimeout must be a positive duration, was PT0S");
        assertInvalid(valid().requestTimeout(Duration.ofSeconds(-1)), "requestTimeout must be a positive duration");
        assertInvalid(valid().requestTimeout(null), "requestTimeout must be a positive duration, was null");
        assertInvalid(valid().safetyMargin(Duration.ZERO), "safetyMargin must be a positive duration");
        assertInvalid(valid().streamIdleTimeout(Duration.ZERO), "streamIdleTimeout must be a positive duration");
        assertInvalid(
                valid().reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)),
                "reconnectInitialDelay must be a positive");
        assertInvalid(
                valid().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
                "reconnectMaxDelay (PT1S) must not be less than reconnectInitialDelay (PT2S)");
    }

    private static void assertInvalid(WorkerOptions.Builder builder, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
