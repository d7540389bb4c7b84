package io.goxhelix.auth;

import io.goxhelix.access.Principal;
import io.goxhelix.access.Token;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance knows of the token table, by secret digest, so that a request with a known
 * token costs no query. Known tokens stay until revoked or expired; digests the table does not hold
 * as a valid token (unknown, revoked or expired ones, all final) are remembered too, a bounded
 * number of them, so that repeating a bad token does not query the table each time either.
 *
 * <p>A lookup that raced a revocation must not put the revoked token back: ids seen revoked are
 * kept, and a token is cached, then checked against them, in the order opposite to that of {@link
 * #revoked}, so that one of the two always sees the other.
 */
final class TokenCache {

    /** The outcome of a look in the cache. */
    sealed interface Lookup {}

    record Known(Principal principal) implements Lookup {}

    /** Known to authenticate nothing. */
    record Refused() implements Lookup {}

    /** Not known: ask the table. */
    record Unknown() implements Lookup {}

    private static final Refused REFUSED = new Refused();
    private static final Unknown UNKNOWN = new Unknown();

    private final Clock clock;
    private final int maxKnown;
    private final int maxRefused;
    /** A token with its principal, made once: a request that finds it builds nothing. */
    private record Entry(Token token, Principal principal) {}

    private final Map<String, Entry> known = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();

    TokenCache(Clock clock, int maxKnown, int maxRefused) {
        this.clock = clock;
        this.maxKnown = maxKnown;
        this.maxRefused = maxRefused;
    }

    Lookup lookup(String hash) {
        Entry entry = known.get(hash);
        if (entry != null) {
            if (entry.token().isActiveAt(clock.instant())) {
                return new Known(entry.principal());
            }
            known.remove(hash, entry);
            return REFUSED;
        }
        return refused.contains(hash) ? REFUSED : UNKNOWN;
    }

    /** Takes in what the table holds for a digest; the principal if it authenticates now. */
    Optional<Principal> learn(String hash, Optional<Token> stored) {
        if (stored.isEmpty()
                || !stored.get().isActiveAt(clock.instant())
                || revokedIds.contains(stored.get().id())) {
            if (refused.size() >= maxRefused) {
                // Only a shortcut: forgetting it costs queries, never correctness.
                refused.clear();
            }
            refused.add(hash);
            return Optional.empty();
        }
        Entry entry = new Entry(stored.get(), stored.get().principal());
        if (known.size() < maxKnown) {
            known.put(hash, entry);
            if (revokedIds.contains(entry.token().id())) {
                known.remove(hash);
                return Optional.empty();
            }
        }
        return Optional.of(entry.principal());
    }

    /** Revocations read from the table; returns the ids not seen revoked before. */
    Set<String> revoked(Collection<String> ids) {
        Set<String> fresh = new HashSet<>();
        for (String id : ids) {
            if (revokedIds.add(id)) {
                fresh.add(id);
            }
        }
        if (!fresh.isEmpty()) {
            known.values().removeIf(e -> fresh.contains(e.token().id()));
        }
        return fresh;
    }

    /** Evicts the known tokens that have expired; returns their ids. */
    Set<String> expire() {
        Set<String> ended = new HashSet<>();
        for (Iterator<Entry> it = known.values().iterator(); it.hasNext(); ) {
            Token t = it.next().token();
            if (!t.isActiveAt(clock.instant())) {
                it.remove();
                ended.add(t.id());
            }
        }
        return ended;
    }
}
