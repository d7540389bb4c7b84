package io.goxhelix;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Start-up checks of the knobs whose bad values would fail nothing at once but silently turn a
 * feature off: the service refuses to start, naming the setting, rather than run without it.
 */
@ApplicationScoped
public class ConfigChecks {

    /** Before anything else starts (authentication 5, the database 10): a refused start changes nothing. */
    public static final int PRIORITY = 1;

    private final GoxConfig config;

    ConfigChecks(GoxConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        check(config);
    }

    /** Throws {@link IllegalStateException} naming the first setting out of range. */
    public static void check(GoxConfig config) {
        int drains = config.coordinator().maxConcurrentDrains();
        if (drains < 1) {
            // 0 (or less) would leave every drain DRAIN_QUEUED for ever, and stoppable answering no.
            throw new IllegalStateException("gox.coordinator.max-concurrent-drains"
                    + " (GOX_COORDINATOR_MAX_CONCURRENT_DRAINS) must be at least 1, was " + drains
                    + ": no drain would ever start");
        }
        int moves = config.balancing().maxMovesPerRound();
        if (moves < 1) {
            throw new IllegalStateException("gox.balancing.max-moves-per-round"
                    + " (GOX_BALANCING_MAX_MOVES_PER_ROUND) must be at least 1, was " + moves
                    + ": a domain balanced by load would never move a partition for its load");
        }
        if (config.balancing().cooldown().isNegative()) {
            throw new IllegalStateException("gox.balancing.cooldown (GOX_BALANCING_COOLDOWN) must not be negative, was "
                    + config.balancing().cooldown());
        }
    }
}
