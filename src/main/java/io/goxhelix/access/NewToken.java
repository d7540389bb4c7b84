package io.goxhelix.access;

import io.goxhelix.names.Name;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a token is to be, checked: a name by the rule of domain names, a role, the domains of a worker
 * token (at least one, at most {@value #MAX_DOMAINS}; none for an operator token), and an optional
 * expiry in the future, at most {@link #MAX_LIFETIME} away, kept to the millisecond as the database
 * keeps it.
 *
 * @param expiresAt null: never expires
 */
public record NewToken(String name, Role role, SortedSet<String> domains, Instant expiresAt) {

    public static final int MAX_DOMAINS = 100;

    /** The longest life a token may be given; a token meant to last longer should be rotated. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** A request that breaks one of the rules; the message says which. */
    public static final class InvalidTokenException extends IllegalArgumentException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * Checks a request as it came: {@code role} as its wire name, {@code domains} possibly null, at
     * most one of {@code expiresIn} and {@code expiresAt}.
     */
    public static NewToken of(
            String name, String role, List<String> domains, Duration expiresIn, Instant expiresAt, Instant now) {
        if (!Name.isValid(name)) {
            throw new InvalidTokenException("Invalid token name '" + name + "': expected " + Name.PATTERN);
        }
        if (role == null) {
            throw new InvalidTokenException("role must be operator or worker");
        }
        Role r;
        try {
            r = Role.ofWireName(role);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        return new NewToken(name, r, domainsOf(r, domains), expiry(expiresIn, expiresAt, now));
    }

    private static SortedSet<String> domainsOf(Role role, List<String> domains) {
        List<String> given = domains == null ? List.of() : domains;
        if (role == Role.OPERATOR && !given.isEmpty()) {
            throw new InvalidTokenException("An operator token administers every domain: give it no domains");
        }
        if (role == Role.WORKER && given.isEmpty()) {
            throw new InvalidTokenException("A worker token needs at least one domain");
        }
        if (given.size() > MAX_DOMAINS) {
            throw new InvalidTokenException("A token may name at most " + MAX_DOMAINS + " domains");
        }
        TreeSet<String> checked = new TreeSet<>();
        for (String d : given) {
            if (!Name.isValid(d)) {
                throw new InvalidTokenException("Invalid domain name '" + d + "': expected " + Name.PATTERN);
            }
            checked.add(d);
        }
        return checked;
    }

    private static Instant expiry(Duration expiresIn, Instant expiresAt, Instant now) {
        if (expiresIn != null && expiresAt != null) {
            throw new InvalidTokenException("Give expiresIn or expiresAt, not both");
        }
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new InvalidTokenException("expiresIn must be a positive duration, was " + expiresIn);
        }
        if (expiresIn != null && expiresIn.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidTokenException("expiresIn may be at most " + MAX_LIFETIME.toDays() + " days");
        }
        Instant at = expiresIn != null ? now.plus(expiresIn) : expiresAt;
        if (at == null) {
            return null;
        }
        if (!at.isAfter(now)) {
            throw new InvalidTokenException("expiresAt must be in the future, was " + at);
        }
        if (at.isAfter(now.plus(MAX_LIFETIME))) {
            throw new InvalidTokenException("expiresAt may be at most " + MAX_LIFETIME.toDays() + " days away");
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
