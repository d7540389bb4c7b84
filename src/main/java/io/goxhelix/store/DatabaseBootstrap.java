package io.goxhelix.store;

import io.goxhelix.GoxConfig;
import io.goxhelix.store.embedded.EmbeddedMariaDb;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the database to the current schema before anything else touches it: starts the embedded
 * evaluation database when no URL is configured, then applies the Flyway migrations.
 */
@ApplicationScoped
public class DatabaseBootstrap {

    /** Runs before every other start-up observer of the service. */
    public static final int PRIORITY = 10;

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);

    private final GoxConfig config;
    private final Instance<Flyway> flyway;
    private final Event<SchemaReady> ready;
    private volatile boolean migrated;
    private AutoCloseable embedded;

    DatabaseBootstrap(GoxConfig config, Instance<Flyway> flyway, Event<SchemaReady> ready) {
        this.config = config;
        this.flyway = flyway;
        this.ready = ready;
    }

    /** True once the schema is current (scheduled jobs wait for it). */
    public boolean isReady() {
        return migrated;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (config.db().url().isEmpty()) {
            embedded = startEmbedded();
        }
        var result = flyway.get().migrate();
        LOG.infof(
                "Database schema at version %s (%d migration(s) applied)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : "current", result.migrationsExecuted);
        migrated = true;
        ready.fire(new SchemaReady());
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) throws Exception {
        // Last, so that the coordinator has released its lock and the pools are drained.
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }

    private AutoCloseable startEmbedded() {
        var settings = config.embeddedDb();
        try {
            EmbeddedMariaDb db = EmbeddedMariaDb.start(settings.dir(), settings.port(), "goxhelix");
            LOG.warnf(
                    "No database configured: started an EMBEDDED EVALUATION DATABASE (MariaDB on 127.0.0.1:%d,"
                            + " data in %s). Not for production: set GOX_DB_URL=mysql://host:3306/database"
                            + " (with GOX_DB_USER and GOX_DB_PASSWORD) to use MySQL.",
                    settings.port(), settings.dir().toAbsolutePath());
            return db;
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "No database configured and this build carries no embedded database: set GOX_DB_URL"
                            + " (mysql://host:3306/database), GOX_DB_USER and GOX_DB_PASSWORD",
                    e);
        }
    }
}
