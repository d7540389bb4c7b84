package io.goxhelix.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication on, as in production, with a known bootstrap operator token. */
public class SecuredProfile implements QuarkusTestProfile {

    static final String BOOTSTRAP = "test-bootstrap-token-0123456789abcdef";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gox.auth.enabled", "true",
                "gox.auth.bootstrap-token", BOOTSTRAP,
                "gox.sse.keep-alive", "1s");
    }
}
