package io.goxhelix.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives every {@code @QuarkusTest} a fresh database (see {@link TestDatabase}). */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestDatabase current;

    /** The database of the running Quarkus test application. */
    public static TestDatabase current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = TestDatabase.start();
        return Map.of(
                "gox.db.url", current.url(),
                "gox.db.user", current.user(),
                "gox.db.password", current.password());
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
