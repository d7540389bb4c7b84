package io.goxhelix.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

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
    /** Base64url of 32 bytes, without padding. */
    private static final int ENCODED_LENGTH = 43;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();
    /** Every request with a token hashes it: one digest object per thread, not a provider lookup each. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenSecret::newSha256);

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
        if (value.length() != PREFIX.length() + ENCODED_LENGTH || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            boolean base64url =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
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
        MessageDigest sha = SHA256.get();
        // digest() resets it for the next use.
        return HEX.formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
