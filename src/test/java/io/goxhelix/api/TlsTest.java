package io.goxhelix.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.GoxWorker;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with a certificate from the TLS registry: the test makes a self-signed certificate with
 * {@code keytool}, the service serves the API over TLS with it, and the Java client (given an {@link
 * SSLContext} that trusts it) works over it; a client that does not trust it is refused the handshake.
 */
@QuarkusTest
@TestProfile(TlsTest.Https.class)
class TlsTest {

    private static final Path STORE = Path.of("target", "tls-test", "server.p12");
    private static final String PASSWORD = "tls-test-password";

    /** Authentication on, and a certificate for localhost made before the service starts. */
    public static class Https extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            makeCertificate();
            Map<String, String> all = new HashMap<>(super.getConfigOverrides());
            all.putAll(Map.of(
                    "quarkus.tls.key-store.p12.path", STORE.toAbsolutePath().toString(),
                    "quarkus.tls.key-store.p12.password", PASSWORD,
                    "quarkus.http.test-ssl-port", "0",
                    "gox.lease-timeout", "2s",
                    "gox.heartbeat-interval", "500ms"));
            return all;
        }
    }

    static void makeCertificate() {
        try {
            Files.createDirectories(STORE.getParent());
            Files.deleteIfExists(STORE);
            Process keytool = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-alias",
                            "gox",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "SAN=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            STORE.toString(),
                            "-storepass",
                            PASSWORD)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A context that trusts the test's certificate and nothing else. */
    static SSLContext trusting() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(STORE)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    private HttpResponse<String> get(HttpClient http, String path, String authorization) throws Exception {
        return http.send(
                HttpRequest.newBuilder(https.resolve(path))
                        .header("Authorization", authorization)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiIsServedOverHttpsWithTheConfiguredCertificate() throws Exception {
        // Given a client that trusts the certificate
        HttpClient http = HttpClient.newBuilder().sslContext(trusting()).build();

        // When it calls the API over HTTPS, then the service answers, authentication included
        assertThat(https.getScheme()).isEqualTo("https");
        assertThat(get(http, "/api/v1/cluster", SecurityFixture.BOOTSTRAP).statusCode())
                .isEqualTo(200);
        assertThat(get(http, "/api/v1/cluster", "Bearer " + SecurityFixture.unknownToken())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
        HttpClient http = HttpClient.newBuilder().build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> get(http, "/api/v1/cluster", SecurityFixture.BOOTSTRAP))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theJavaClientWorksOverHttpsWithItsSslContext() throws Exception {
        // Given a queue, a worker token, and a worker given a context that trusts the certificate
        String d = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        SecurityFixture.givenQueue(d, "q", 3);
        String secret = SecurityFixture.workerToken(d).header().substring("Bearer ".length());
        WorkerOptions options = WorkerOptions.builder()
                .baseUri(https)
                .domain(d)
                .queues("q")
                .token(secret)
                .sslContext(trusting())
                .build();

        // When it runs, then it holds the queue
        try (GoxWorker worker = GoxWorker.create(options, new PartitionListener() {
                    @Override
                    public void onAssigned(Set<AssignedPartition> partitions) {}

                    @Override
                    public void onRevoked(Set<PartitionRef> partitions) {}
                })
                .start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> worker.currentAssignment().size() == 3);
        }
    }
}
