package io.goxhelix.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.GoxConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deny by default: the start-up rules of authentication. */
class AuthSetupTest {

    private static final String GOOD = "0123456789abcdef0123456789abcdef";

    /** No JWT key configured. */
    static final GoxConfig.Jwt NO_JWT = new GoxConfig.Jwt() {
        public Optional<String> publicKey() {
            return Optional.empty();
        }

        public Optional<Path> publicKeyLocation() {
            return Optional.empty();
        }

        public Optional<String> jwksUrl() {
            return Optional.empty();
        }

        public Optional<String> issuer() {
            return Optional.empty();
        }

        public Optional<String> audience() {
            return Optional.empty();
        }

        public String roleClaim() {
            return "gox_role";
        }

        public String domainsClaim() {
            return "gox_domains";
        }

        public Duration clockSkew() {
            return Duration.ofSeconds(30);
        }
    };

    @TempDir
    Path dir;

    /** A configuration with these authentication settings (nothing else of it is read). */
    private static AuthSetup setup(boolean enabled, String token, Path file) {
        GoxConfig.Auth auth = new GoxConfig.Auth() {
            public boolean enabled() {
                return enabled;
            }

            public Optional<String> bootstrapToken() {
                return Optional.ofNullable(token);
            }

            public Optional<Path> bootstrapTokenFile() {
                return Optional.ofNullable(file);
            }

            public Duration revocationPollInterval() {
                return Duration.ofMillis(250);
            }

            public GoxConfig.Jwt jwt() {
                return NO_JWT;
            }
        };
        GoxConfig config = (GoxConfig) Proxy.newProxyInstance(
                GoxConfig.class.getClassLoader(), new Class<?>[] {GoxConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("auth")) {
                        return auth;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new AuthSetup(config, new JwtVerifier(config));
    }

    @Test
    void withAuthenticationOnAndNoBootstrapTokenTheServiceRefusesToStartAndSaysWhatToSet() {
        AuthSetup setup = setup(true, null, null);

        assertThatThrownBy(() -> setup.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GOX_AUTH_BOOTSTRAP_TOKEN")
                .hasMessageContaining("GOX_AUTH_ENABLED=false");
    }

    @Test
    void aBlankBootstrapTokenIsNoBootstrapToken() {
        assertThatThrownBy(() -> setup(true, "   ", null).onStart(null))
                .hasMessageContaining("GOX_AUTH_BOOTSTRAP_TOKEN");
    }

    @Test
    void aShortBootstrapTokenIsRefused() {
        assertThatThrownBy(() -> setup(true, "short-secret", null).onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void theBootstrapTokenComesFromTheSettingOrAFileButNotBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), GOOD + "\n");

        AuthSetup fromFile = setup(true, null, file);
        fromFile.onStart(null);
        assertThat(fromFile.bootstrapToken()).map(t -> t.reveal()).contains(GOOD);

        AuthSetup inline = setup(true, GOOD, null);
        inline.onStart(null);
        assertThat(inline.bootstrapToken()).map(t -> t.reveal()).contains(GOOD);

        assertThatThrownBy(() -> setup(true, GOOD, file).onStart(null)).hasMessageContaining("not both");
        assertThatThrownBy(() -> setup(true, null, dir.resolve("missing")).onStart(null))
                .hasMessageContaining("GOX_AUTH_BOOTSTRAP_TOKEN_FILE");
    }

    @Test
    void withAuthenticationOffTheServiceStartsWithoutAToken() {
        AuthSetup off = setup(false, null, null);

        off.onStart(null);

        assertThat(off.enabled()).isFalse();
    }
}
