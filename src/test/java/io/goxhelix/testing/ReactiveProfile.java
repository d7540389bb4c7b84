package io.goxhelix.testing;

import java.util.Map;

/**
 * Short leases, and a periodic round so rare that every reaction observed in a test must come from
 * the signal path (S7), not from the safety net.
 */
public class ReactiveProfile extends ShortLeaseProfile {

    @Override
    protected Map<String, String> more() {
        return Map.of("gox.sse.keep-alive", "1s");
    }
}
