package io.goxhelix.auth;

import io.goxhelix.access.Principal;
import io.goxhelix.access.TokenSecret;
import io.goxhelix.store.TokenStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns a presented secret into its principal: the bootstrap operator, or the holder of a stored
 * token that is neither expired nor revoked. Stored tokens are read once per instance and kept (see
 * {@link TokenCache}); each instance reads the revocations of the whole cluster every {@code
 * gox.auth.revocation-poll-interval} (one range read of an index), evicts them, and tells what
 * they had open ({@link TokensEnded}), so a revoked token stops working everywhere within about
 * that interval. Secrets of a shape this service never issues are refused without a query.
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
    private final TokenCache cache = new TokenCache(Clock.systemUTC(), MAX_KNOWN, MAX_REFUSED);
    private volatile Instant watermark = Instant.EPOCH;

    TokenAuthenticator(TokenStore store, AuthSetup setup, Event<TokensEnded> ended) {
        this.store = store;
        this.setup = setup;
        this.ended = ended;
    }

    /** The principal of a presented secret; empty when it authenticates nobody. */
    public Uni<Optional<Principal>> authenticate(TokenSecret presented) {
        String hash = presented.hash();
        Optional<TokenSecret> bootstrap = setup.bootstrapToken();
        if (bootstrap.isPresent() && TokenSecret.sameHash(hash, bootstrap.get().hash())) {
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

    @Scheduled(
            every = "${gox.auth.revocation-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = WhenPolling.class)
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
