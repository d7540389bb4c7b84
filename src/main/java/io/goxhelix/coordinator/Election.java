package io.goxhelix.coordinator;

import io.goxhelix.GoxConfig;
import io.goxhelix.Instance;
import io.goxhelix.store.LockSession;
import io.goxhelix.store.LockSessions;
import io.goxhelix.store.SchemaReady;
import io.goxhelix.store.Term;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Elects one acting coordinator per cluster with {@code GET_LOCK}. The lock lives on a dedicated
 * session that never returns to a pool and whose {@code wait_timeout} is a few seconds, so a killed,
 * frozen or cut-off holder loses it quickly; every acquisition opens a new fencing term, and the
 * coordinator writes only through this session, under that term.
 */
@ApplicationScoped
public class Election {

    private static final Logger LOG = Logger.getLogger(Election.class);

    /** The session and, once elected, the term held on it. */
    public record Seat(LockSession session, Term term) {}

    private final GoxConfig config;
    private final Instance instance;
    private final LockSessions sessions;
    private final Vertx vertx;
    private final String lockName;
    private final AtomicReference<LockSession> session = new AtomicReference<>();
    private final AtomicReference<Seat> seat = new AtomicReference<>();
    private volatile Runnable onElected = () -> {};
    private volatile BooleanSupplier busy = () -> false;
    private volatile boolean stopping;
    private long timer = -1;

    Election(GoxConfig config, Instance instance, LockSessions sessions, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.instance = instance;
        this.sessions = sessions;
        this.vertx = vertx;
        String name = config.coordinator().lockName();
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("gox.coordinator.lock-name must have 1 to 64 characters: " + name);
        }
        Gauge.builder("gox.coordinator.active", this, e -> e.isActing() ? 1 : 0)
                .description("1 on the acting coordinator, 0 elsewhere")
                .register(registry);
        Gauge.builder(
                        "gox.coordinator.term",
                        this,
                        e -> e.seat().map(s -> (double) s.term().term()).orElse(0.0))
                .description("Fencing term of this instance while it acts as coordinator, else 0")
                .register(registry);
        this.lockName = scoped(name, sessions.database());
    }

    /**
     * {@code GET_LOCK} names are global to the database server, not to a schema: the configured name is
     * qualified with the database so that clusters on different databases of one server never share an
     * election. Names longer than the server's 64 characters keep a digest of the database instead.
     */
    static String scoped(String name, String database) {
        String scoped = name + "@" + database;
        if (scoped.length() <= 64) {
            return scoped;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, Math.min(name.length(), 23)) + "@"
                    + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server-wide name of the election lock. */
    public String lockName() {
        return lockName;
    }

    void onElected(Runnable callback) {
        this.onElected = callback;
    }

    /**
     * Tells the election when a round is using the session. The lock check then waits: it would queue
     * behind the round's statements and could time out on a large domain, and it is not needed then,
     * since a busy session is not idle for {@code wait_timeout} and a dead one fails the round itself.
     */
    void whileBusy(BooleanSupplier busy) {
        this.busy = busy;
    }

    /** The seat while this instance is the acting coordinator. */
    public Optional<Seat> seat() {
        return Optional.ofNullable(seat.get());
    }

    public boolean isActing() {
        return seat.get() != null;
    }

    void start(@Observes SchemaReady ready) {
        timer = Periodic.start(vertx, "election", config.coordinator().electionInterval(), this::tick);
    }

    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        String lock = lockName;
        return session()
                .flatMap(c -> {
                    Seat held = seat.get();
                    if (held != null && busy.getAsBoolean()) {
                        return Uni.createFrom().item(true);
                    }
                    if (held != null) {
                        return c.holds(lock).invoke(holds -> {
                            if (!holds) {
                                stepDown("the lock is no longer held by this session");
                            }
                        });
                    }
                    return c.tryLock(lock)
                            .flatMap(won ->
                                    won ? takeOffice(c, lock) : Uni.createFrom().item(false));
                })
                .ifNoItem()
                .after(config.coordinator().checkTimeout())
                .failWith(() -> new IllegalStateException("lock session did not answer in time"))
                .onFailure()
                .invoke(failure -> stepDown("lock session failed: " + failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Boolean> takeOffice(LockSession c, String lock) {
        return c.claimTerm(config.coordinator().lockName(), instance.id()).map(term -> {
            seat.set(new Seat(c, term));
            LOG.infof("This instance (%s) is now the acting coordinator, term %d", instance.id(), term.term());
            onElected.run();
            return true;
        });
    }

    private Uni<LockSession> session() {
        LockSession existing = session.get();
        if (existing != null) {
            return Uni.createFrom().item(existing);
        }
        var timeouts = config.coordinator();
        return sessions.open(timeouts.checkTimeout(), timeouts.sessionTimeout(), timeouts.lockWaitTimeout())
                .invoke(c -> {
                    session.set(c);
                    c.onClose(() -> {
                        if (session.compareAndSet(c, null)) {
                            stepDown("lock session closed");
                        }
                    });
                });
    }

    /** Stops acting at once and drops the session (and with it the lock, if the server still knows it). */
    public void stepDown(String reason) {
        Seat held = seat.getAndSet(null);
        if (held != null) {
            LOG.warnf("Stepping down as coordinator (term %d): %s", held.term().term(), reason);
        }
        LockSession c = session.getAndSet(null);
        if (c != null) {
            c.close().subscribe().with(ignored -> {}, ignored -> {});
        }
    }

    /** Clean shutdown hands the lock over at once instead of after the session timeout. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        LockSession c = session.getAndSet(null);
        seat.set(null);
        if (c != null) {
            try {
                c.release(lockName)
                        .onTermination()
                        .call(() -> c.close())
                        .await()
                        .atMost(config.coordinator().checkTimeout());
            } catch (RuntimeException e) {
                LOG.debugf("releasing the coordinator lock on shutdown: %s", e.getMessage());
            }
        }
    }
}
