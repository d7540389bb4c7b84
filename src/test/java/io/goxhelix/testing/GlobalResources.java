package io.goxhelix.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the test database for every {@code @QuarkusTest} in the suite (one application start). */
@QuarkusTestResource(DatabaseResource.class)
public final class GlobalResources {
    private GlobalResources() {}
}
