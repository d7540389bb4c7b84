package io.goxhelix.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.access.Principal;
import io.goxhelix.access.Role;
import io.goxhelix.access.Token;
import io.goxhelix.auth.TokenCache.Known;
import io.goxhelix.auth.TokenCache.Refused;
import io.goxhelix.auth.TokenCache.Unknown;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** A clock the test moves. */
    private static final class FakeClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final TokenCache cache = new TokenCache(clock, 100, 3);

    private static Token token(String id, Instant expiresAt) {
        return new Token(id, "n-" + id, Role.WORKER, new TreeSet<>(Set.of("d")), T0, expiresAt, null, "bootstrap");
    }

    @Test
    void aTokenReadOnceIsKnownAfterwards() {
        assertThat(cache.lookup("h1")).isInstanceOf(Unknown.class);

        Optional<Principal> p = cache.learn("h1", Optional.of(token("a", null)));

        assertThat(p).map(Principal::id).contains("a");
        assertThat(cache.lookup("h1")).isEqualTo(new Known(p.get()));
    }

    @Test
    void unknownRevokedAndExpiredDigestsAreRefusedWithoutAskingAgain() {
        Token revoked = new Token("r", "n", Role.WORKER, new TreeSet<>(Set.of("d")), T0, null, T0, "b");

        assertThat(cache.learn("none", Optional.empty())).isEmpty();
        assertThat(cache.learn("rev", Optional.of(revoked))).isEmpty();
        assertThat(cache.learn("old", Optional.of(token("e", T0)))).isEmpty();

        assertThat(cache.lookup("none")).isInstanceOf(Refused.class);
        assertThat(cache.lookup("rev")).isInstanceOf(Refused.class);
        assertThat(cache.lookup("old")).isInstanceOf(Refused.class);
    }

    @Test
    void refusedDigestsAreBoundedAndForgettingThemOnlyCostsALookup() {
        for (int i = 0; i < 4; i++) {
            cache.learn("bad" + i, Optional.empty());
        }

        assertThat(cache.lookup("bad3")).isInstanceOf(Refused.class);
        assertThat(cache.lookup("bad0")).isInstanceOf(Unknown.class);
    }

    @Test
    void aKnownTokenEndsWhenItExpires() {
        cache.learn("h", Optional.of(token("a", T0.plusSeconds(60))));

        clock.now = T0.plusSeconds(59);
        assertThat(cache.lookup("h")).isInstanceOf(Known.class);
        assertThat(cache.expire()).isEmpty();

        clock.now = T0.plusSeconds(60);
        assertThat(cache.expire()).containsExactly("a");
        assertThat(cache.lookup("h")).isInstanceOf(Unknown.class);
    }

    @Test
    void aRevocationEvictsTheTokenAndIsReportedOnce() {
        cache.learn("h", Optional.of(token("a", null)));

        assertThat(cache.revoked(List.of("a", "never-seen"))).containsExactlyInAnyOrder("a", "never-seen");
        assertThat(cache.revoked(List.of("a"))).isEmpty();
        assertThat(cache.lookup("h")).isInstanceOf(Unknown.class);
    }

    @Test
    void aLookupThatRacedARevocationDoesNotBringTheTokenBack() {
        // The table was read before the revocation committed; the poll saw the revocation first.
        Token readBeforeRevocation = token("a", null);
        cache.revoked(List.of("a"));

        assertThat(cache.learn("h", Optional.of(readBeforeRevocation))).isEmpty();
        assertThat(cache.lookup("h")).isInstanceOf(Refused.class);
    }

    @Test
    void aFullCacheStillAuthenticatesWithoutKeeping() {
        TokenCache small = new TokenCache(clock, 1, 10);
        small.learn("h1", Optional.of(token("a", null)));

        assertThat(small.learn("h2", Optional.of(token("b", null))))
                .map(Principal::id)
                .contains("b");
        assertThat(small.lookup("h2")).isInstanceOf(Unknown.class);
        assertThat(small.lookup("h1")).isInstanceOf(Known.class);
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertThat(small.lookup("h1")).isInstanceOf(Known.class);
    }
}
