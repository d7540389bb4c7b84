package io.goxhelix;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up checks, on the configuration as the service maps it from its properties. */
class ConfigChecksTest {

    private static GoxConfig mapped(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GoxConfig.class)
                // Durations as the service writes them ("10s"), as Quarkus converts them.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GoxConfig.class);
    }

    @Test
    void aDrainBudgetBelowOneIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"0", "-1"}) {
            GoxConfig config = mapped(Map.of("gox.coordinator.max-concurrent-drains", bad));

            assertThatThrownBy(() -> ConfigChecks.check(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gox.coordinator.max-concurrent-drains")
                    .hasMessageContaining("GOX_COORDINATOR_MAX_CONCURRENT_DRAINS")
                    .hasMessageContaining("at least 1, was " + bad);
        }
    }

    @Test
    void theDefaultDrainBudgetAndLargerOnesPass() {
        assertThatCode(() -> ConfigChecks.check(mapped(Map.of()))).doesNotThrowAnyException();
        assertThatCode(() -> ConfigChecks.check(mapped(Map.of("gox.coordinator.max-concurrent-drains", "5"))))
                .doesNotThrowAnyException();
    }

    @Test
    void loadModeKnobsOutOfRangeAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ConfigChecks.check(mapped(Map.of("gox.balancing.max-moves-per-round", "0"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GOX_BALANCING_MAX_MOVES_PER_ROUND")
                .hasMessageContaining("at least 1, was 0");
        assertThatThrownBy(() -> ConfigChecks.check(mapped(Map.of("gox.balancing.cooldown", "-PT1S"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gox.balancing.cooldown");
        assertThatCode(() -> ConfigChecks.check(mapped(Map.of("gox.balancing.cooldown", "0s"))))
                .doesNotThrowAnyException();
    }
}
