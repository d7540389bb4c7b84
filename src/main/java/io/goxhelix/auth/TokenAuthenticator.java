package io.goxhelix.auth;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Principal;
import io.goxhelix.access.TokenSecret;
import io.goxhelix.store.SchemaReady;
import io.goxhelix.store.TokenStore;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Turns a presented secret into its principal: the bootstrap operator, or the holder of a stored
 * token that is neither expired nor revoked. Stored tokens are read once per instance and kept (see
 * {@link TokenCache}); each instance reads the revocations of the whole cluster every {@code
 * gox.auth.revocation-poll-interval} (one range read of an index), evicts them, and tells what
 * they had open ({@link TokensEnded}), so a revoked token stops working everywhere within about
 * that interval. Secrets of a shape this service never issues are refused without a query.
 *
 * <p>The poll runs on a Vert.x timer (the Quarkus scheduler does not go below one second), one read
 * at a time: a tick that finds the previous read still going is skipped.
 */
@ApplicationScoped
public class TokenAuthenticator {

    /**
     * How far back each poll looks before the latest revocation it saw: a revocation whose
     * transaction took its time before committing is still found, if it took less than this.
     */
    static final Duration SLACK = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(TokenAuthenticator.class);
    private static final int MAX_KNOWN = 100_000;
    private static final int MAX_REFUSED = 10_000;

    private final TokenStore store;
    private final AuthSetup setup;
    private final Event<TokensEnded> ended;
    private final Vertx vertx;
    private final Duration pollInterval;
    private final TokenCache cache = new TokenCache(Clock.systemUTC(), MAX_KNOWN, MAX_REFUSED);
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile Instant watermark = Instant.EPOCH;
    private volatile long timer = -1;

    TokenAuthenticator(TokenStore store, AuthSetup setup, Event<TokensEnded> ended, Vertx vertx, GoxConfig config) {
        this.store = store;
        this.setup = setup;
        this.ended = ended;
        this.vertx = vertx;
        this.pollInterval = config.auth().revocationPollInterval();
    }

    void start(@Observes SchemaReady ready) {
        if (setup.enabled()) {
            timer = vertx.setPeriodic(Math.max(1, pollInterval.toMillis()), id -> tick());
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The principal of a presented secret; empty when it authenticates nobody. */
    public Uni<Optional<Principal>> authenticate(TokenSecret presented) {
        String hash = presented.hash();
        Optional<String> bootstrap = setup.bootstrapHash();
        if (bootstrap.isPresent() && TokenSecret.sameHash(hash, bootstrap.get())) {
            return Uni.createFrom().item(Optional.of(Principal.bootstrap()));
        }
        if (!presented.isWellFormed()) {
            return Uni.createFrom().item(Optional.empty());
        }
        TokenCache.Lookup look = cache.lookup(hash);
        if (look instanceof TokenCache.Known known) {
            return Uni.createFrom().item(Optional.of(known.principal()));
        }
        if (look instanceof TokenCache.Refused) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.byHash(hash).map(stored -> cache.learn(hash, stored));
    }

    /** A revocation made here: effective on this instance at once, without waiting for the poll. */
    public void revokedHere(String id) {
        end(cache.revoked(Set.of(id)));
    }

    private void tick() {
        if (polling.compareAndSet(false, true)) {
            poll().onTermination().invoke(() -> polling.set(false)).subscribe().with(ignored -> {});
        }
    }

    /** Reads the revocations since the last one seen (less {@link #SLACK}), evicts, ends, expires. */
    Uni<Void> poll() {
        Instant since = watermark.minus(SLACK);
        return store.revokedSince(since)
                .invoke(revoked -> {
                    if (revoked.latest().isAfter(watermark)) {
                        watermark = revoked.latest();
                    }
                    Set<String> over = new HashSet<>(cache.revoked(revoked.ids()));
                    over.addAll(cache.expire());
                    end(over);
                })
                .onFailure()
                .invoke(e -> LOG.debugf("reading revocations failed: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private void end(Set<String> ids) {
        if (!ids.isEmpty()) {
            ended.fire(new TokensEnded(ids));
        }
    }
}
