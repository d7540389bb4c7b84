package io.goxhelix;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Every knob of the service; the README's configuration table lists each with its variable. */
@ConfigMapping(prefix = "gox")
public interface GoxConfig {

    /** Name of this instance in the cluster view; a random UUID per process when unset. */
    Optional<String> instanceId();

    Db db();

    EmbeddedDb embeddedDb();

    interface Db {
        /** {@code mysql://host:port/database}; when unset the embedded evaluation database is used. */
        Optional<String> url();

        @WithDefault("root")
        String user();

        Optional<String> password();

        /** Pool of the reactive client shared by the API and the change feed. */
        @WithDefault("16")
        int poolSize();
    }

    interface EmbeddedDb {
        /** Not 3306, so that the evaluation database never collides with a real server on the host. */
        @WithDefault("3307")
        int port();

        /** Binaries, data and temporary files; data survives restarts of the service. */
        @WithDefault("data/embedded-db")
        Path dir();
    }
}
