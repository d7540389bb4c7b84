package io.goxhelix.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Short leases (2s, a heartbeat every 500ms) and a periodic round so rare (1h) that whatever a test
 * sees happen is the work of the signals; a test's profile adds the settings of its own in {@link
 * #more}.
 */
public abstract class ShortLeaseProfile implements QuarkusTestProfile {

    /** The settings beyond the short leases; they win over them. */
    protected abstract Map<String, String> more();

    @Override
    public final Map<String, String> getConfigOverrides() {
        Map<String, String> all = new HashMap<>(Map.of(
                "gox.lease-timeout", "2s",
                "gox.heartbeat-interval", "500ms",
                "gox.coordinator.rebalance-interval", "1h"));
        all.putAll(more());
        return Map.copyOf(all);
    }
}
