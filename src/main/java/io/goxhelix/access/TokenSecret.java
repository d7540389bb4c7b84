package io.goxhelix.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A bearer token's secret: {@code gox_} and 32 random bytes from a {@link SecureRandom}, base64url
 * without padding (47 characters in all). The secret is shown once, to whoever creates the token;
 * the database keeps only its SHA-256 digest ({@link #hash()}, 64 hex digits), and no log line
 * carries it ({@link #toString()} hides it).
 *
 * <p>A plain, fast digest is enough here, unlike for passwords: a slow hash (bcrypt, Argon2) exists
 * to make guessing a low-entropy secret from its digest costly, and 256 random bits cannot be
 * guessed whatever the hash's speed. A fast digest also lets every request be checked by one
 * indexed lookup of the digest, without a per-request key-stretching cost.
 */
public final class TokenSecret {

    public static final String PREFIX = "gox_";

    private static final int RANDOM_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("gox_[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String value;

    private TokenSecret(String value) {
        this.value = value;
    }

    /** A new secret. */
    public static TokenSecret generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new TokenSecret(PREFIX + BASE64URL.encodeToString(bytes));
    }

    /** A secret as presented by a client (or configured): not checked, only hashed and compared. */
    public static TokenSecret of(String presented) {
        if (presented == null) {
            throw new IllegalArgumentException("A secret cannot be null");
        }
        return new TokenSecret(presented);
    }

    /** True if the secret has the shape of one this service generates. */
    public boolean isWellFormed() {
        return WELL_FORMED.matcher(value).matches();
    }

    /** The secret itself: to show once to its creator, never to store or log. */
    public String reveal() {
        return value;
    }

    /** SHA-256 of the secret's UTF-8 bytes, 64 lower-case hex digits: what the database keeps. */
    public String hash() {
        return sha256Hex(value);
    }

    /** True if this secret has the digest {@code hash}; see {@link #sameHash}. */
    public boolean matchesHash(String hash) {
        return sameHash(hash(), hash);
    }

    /** Compares two digests in constant time, so that timing says nothing of how much matched. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + "…(secret)";
    }
}
