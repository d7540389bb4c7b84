package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void doublesUpToTheMaximumWithinTheUpperHalfOfEachStep() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999_999);
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            low.add(ms(lowest.nextNanos()));
            high.add(ms(highest.nextNanos()));
        }
        assertThat(low).containsExactly(50L, 100L, 200L, 400L, 500L, 500L, 500L);
        assertThat(high).containsExactly(99L, 199L, 399L, 799L, 999L, 999L, 999L);
    }

    @Test
    void startsOverAfterReset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        b.nextNanos();
        b.nextNanos();
        b.reset();
        assertThat(ms(b.nextNanos())).isEqualTo(50);
    }

    @Test
    void neverOverflowsAfterManyAttempts() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofDays(365), () -> 0.5);
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = b.nextNanos();
            assertThat(last).isPositive();
        }
        assertThat(last).isLessThanOrEqualTo(Duration.ofDays(365).toNanos());
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
        long first = b.nextNanos();
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = b.nextNanos() != first;
        }
        assertThat(differs).isTrue();
    }
}
