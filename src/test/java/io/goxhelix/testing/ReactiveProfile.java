package io.goxhelix.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Short leases, and a periodic round so rare that every reaction observed in a test must come from
 * the signal path (S7), not from the safety net.
 */
public class ReactiveProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gox.lease-timeout", "2s",
                "gox.heartbeat-interval", "500ms",
                "gox.coordinator.rebalance-interval", "1h",
                "gox.sse.keep-alive", "1s");
    }
}
