package io.goxhelix.auth;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.TokenSecret;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether requests are authenticated, and the bootstrap operator token. Deny by default: with
 * authentication on (the default) the service refuses to start unless a bootstrap token is
 * configured; with it off, it warns at every start that anyone who reaches the port may do anything.
 */
@ApplicationScoped
public class AuthSetup {

    /** Runs before the database is touched: a refused start changes nothing. */
    public static final int PRIORITY = 5;

    /** The shortest bootstrap token accepted: it is checked by a fast hash (see {@link TokenSecret}). */
    public static final int MIN_BOOTSTRAP_LENGTH = 32;

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    private final GoxConfig.Auth config;
    private volatile Optional<TokenSecret> bootstrap;
    private volatile Optional<String> bootstrapHash;

    private final JwtVerifier jwts;

    AuthSetup(GoxConfig config, JwtVerifier jwts) {
        this.config = config.auth();
        this.jwts = jwts;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The bootstrap operator token, if configured (and valid; see {@link #onStart}). */
    public Optional<TokenSecret> bootstrapToken() {
        Optional<TokenSecret> b = bootstrap;
        if (b == null) {
            b = read();
            bootstrap = b;
        }
        return b;
    }

    /** The digest of the bootstrap token, computed once (every request with a token compares it). */
    public Optional<String> bootstrapHash() {
        Optional<String> h = bootstrapHash;
        if (h == null) {
            h = bootstrapToken().map(TokenSecret::hash);
            bootstrapHash = h;
        }
        return h;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (!enabled()) {
            LOG.warnf(
                    "AUTHENTICATION IS OFF%s: anyone who reaches this service may create and delete queues,"
                            + " heartbeat or leave as any worker and read every assignment. Set GOX_AUTH_ENABLED=true"
                            + " and GOX_AUTH_BOOTSTRAP_TOKEN to protect it.",
                    LaunchMode.current() == LaunchMode.DEVELOPMENT
                            ? " (dev mode default)"
                            : " (GOX_AUTH_ENABLED=false)");
            return;
        }
        if (bootstrapToken().isEmpty() && !jwts.enabled()) {
            throw new IllegalStateException("Authentication is on (GOX_AUTH_ENABLED, default true) and no bootstrap"
                    + " operator token nor JWT key is configured: set GOX_AUTH_BOOTSTRAP_TOKEN (or GOX_AUTH_BOOTSTRAP_TOKEN_FILE) to a"
                    + " secret of at least " + MIN_BOOTSTRAP_LENGTH + " characters, e.g. $(openssl rand -base64 32),"
                    + " or set GOX_AUTH_ENABLED=false to run without authentication (not for production)");
        }
        LOG.infof(
                "Authentication is on: API v1 requires a bearer token%s",
                jwts.enabled() ? " (the service's own, or a JWT of the configured issuer)" : "");
    }

    private Optional<TokenSecret> read() {
        Optional<String> inline = config.bootstrapToken().filter(s -> !s.isBlank());
        Optional<Path> file = config.bootstrapTokenFile();
        if (inline.isPresent() && file.isPresent()) {
            throw new IllegalStateException("Set GOX_AUTH_BOOTSTRAP_TOKEN or GOX_AUTH_BOOTSTRAP_TOKEN_FILE, not both");
        }
        Optional<String> secret = inline.isPresent() ? inline : file.map(AuthSetup::readFile);
        secret.ifPresent(s -> {
            if (s.length() < MIN_BOOTSTRAP_LENGTH) {
                throw new IllegalStateException("The bootstrap token (GOX_AUTH_BOOTSTRAP_TOKEN) must have at least "
                        + MIN_BOOTSTRAP_LENGTH + " characters, e.g. $(openssl rand -base64 32)");
            }
        });
        return secret.map(TokenSecret::of);
    }

    private static String readFile(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the bootstrap token file " + path + " (GOX_AUTH_BOOTSTRAP_TOKEN_FILE)", e);
        }
    }
}
