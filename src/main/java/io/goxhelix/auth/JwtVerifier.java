package io.goxhelix.auth;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Principal;
import io.goxhelix.names.Name;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies JWTs of an identity provider ({@code gox.auth.jwt.*}) and turns their claims into a
 * {@link Principal}: signature (the configured key, or the issuer's JWKS), {@code exp} (required),
 * {@code nbf}, and {@code iss} / {@code aud} where configured; then the role claim ({@code operator}
 * or {@code worker}) and, for a worker, at least one valid domain. The principal's id is {@code jwt:}
 * and a digest of issuer and subject, so that the same person or service is one principal whatever
 * token it presents, and it fits where the store keeps principal ids.
 *
 * <p>Such a token cannot be revoked here (its issuer ends it by its {@code exp}); see
 * doc/security.md.
 */
@ApplicationScoped
public class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class);
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final GoxConfig.Jwt config;
    private final Optional<JwtConsumer> consumer;

    JwtVerifier(GoxConfig config) {
        this.config = config.auth().jwt();
        this.consumer = consumer(this.config);
    }

    public boolean enabled() {
        return consumer.isPresent();
    }

    /** Whether a bearer token has the compact form of a JWT (the service's own tokens do not). */
    public static boolean looksLikeJwt(String token) {
        return token != null && COMPACT.matcher(token).matches();
    }

    /**
     * The principal of a valid token, or empty. Blocking only when the issuer's keys must be fetched
     * (a JWKS URL and a key id not seen before): call it off the event loop.
     */
    public Optional<Principal> verify(String token) {
        if (consumer.isEmpty()) {
            return Optional.empty();
        }
        try {
            return principalOf(consumer.get().processToClaims(token));
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("JWT refused: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Principal> principalOf(JwtClaims claims) throws MalformedClaimException {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        String id = "jwt:" + digest(claims.getIssuer() + "\n" + subject);
        Object role = claims.getClaimValue(config.roleClaim());
        if ("operator".equals(role)) {
            return Optional.of(Principal.operator(id, subject));
        }
        if (!"worker".equals(role)) {
            return Optional.empty();
        }
        TreeSet<String> domains = new TreeSet<>();
        for (String d : domainsOf(claims.getClaimValue(config.domainsClaim()))) {
            if (!Name.isValid(d)) {
                return Optional.empty();
            }
            domains.add(d);
        }
        return domains.isEmpty() ? Optional.empty() : Optional.of(Principal.worker(id, subject, domains));
    }

    private static List<String> domainsOf(Object claim) {
        List<String> names = new ArrayList<>();
        if (claim instanceof String s) {
            for (String d : s.trim().split("\\s+")) {
                if (!d.isEmpty()) {
                    names.add(d);
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object d : list) {
                names.add(String.valueOf(d));
            }
        }
        return names;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Optional<JwtConsumer> consumer(GoxConfig.Jwt config) {
        Optional<String> pem = config.publicKey()
                .filter(s -> !s.isBlank())
                .or(() -> config.publicKeyLocation().map(JwtVerifier::read));
        if (pem.isEmpty() && config.jwksUrl().isEmpty()) {
            return Optional.empty();
        }
        if (pem.isPresent() && config.jwksUrl().isPresent()) {
            throw new IllegalStateException(
                    "Set gox.auth.jwt.public-key (or -location) or gox.auth.jwt.jwks-url, not both");
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds());
        if (pem.isPresent()) {
            builder.setVerificationKey(publicKey(pem.get()));
        } else {
            builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                    new HttpsJwks(config.jwksUrl().get())));
        }
        config.issuer().ifPresent(builder::setExpectedIssuer);
        if (config.audience().isPresent()) {
            builder.setExpectedAudience(config.audience().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        return Optional.of(builder.build());
    }

    /** An RSA or EC public key from PEM (X.509 SubjectPublicKeyInfo). */
    static PublicKey publicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gox.auth.jwt.public-key is not a PEM public key", e);
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Try the next algorithm.
            }
        }
        throw new IllegalStateException("gox.auth.jwt.public-key is neither an RSA nor an EC public key");
    }

    private static String read(java.nio.file.Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read gox.auth.jwt.public-key-location " + path, e);
        }
    }
}
