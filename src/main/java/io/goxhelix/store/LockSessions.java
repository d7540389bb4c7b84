package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.mysqlclient.MySQLConnection;
import io.vertx.mysqlclient.MySQLConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens election sessions: connections of their own, outside the pool, to the service's database. */
@ApplicationScoped
public class LockSessions {

    private final Vertx vertx;
    private final MySQLConnectOptions options;

    LockSessions(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") Optional<String> password) {
        this.vertx = vertx;
        this.options = MySQLConnectOptions.fromUri(url).setUser(user).setPassword(password.orElse(""));
    }

    /** The name of the database the sessions use (lock names are server-wide, so they carry it). */
    public String database() {
        return options.getDatabase();
    }

    /**
     * A new session whose server drops it after {@code idle} without a statement, which releases its
     * lock and rolls back its transaction; a row lock it waits for longer than {@code lockWait} fails
     * the statement instead of blocking the round.
     */
    public Uni<LockSession> open(Duration connectTimeout, Duration idle, Duration lockWait) {
        MySQLConnectOptions connect =
                new MySQLConnectOptions(options).setConnectTimeout((int) connectTimeout.toMillis());
        return MySQLConnection.connect(vertx, connect)
                .flatMap(c -> c.query("SET SESSION wait_timeout = "
                                + Math.max(1, idle.toSeconds()) + ", innodb_lock_wait_timeout = "
                                + wholeSecondsUp(lockWait))
                        .execute()
                        .replaceWith(new LockSession(c))
                        .onFailure()
                        .call(failure -> c.close()));
    }

    /** InnoDB takes whole seconds, at least 1; rounding up never waits less than asked. */
    static long wholeSecondsUp(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
