package io.goxhelix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of the packaged service ({@code target/quarkus-app}) as a separate OS process, with
 * authentication on and {@link #BOOTSTRAP_TOKEN} as its bootstrap operator token, as in production.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The bootstrap operator token of every instance started here. */
    public static final String BOOTSTRAP_TOKEN = "it-bootstrap-token-0123456789abcdefghij";

    /** The {@code Authorization} header of the bootstrap operator. */
    public static final String OPERATOR = "Bearer " + BOOTSTRAP_TOKEN;

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String name;
    private final TestDatabase db;
    private final Map<String, String> settings;
    private final int port;
    private final int managementPort;
    private Process process;

    public ServiceProcess(String name, TestDatabase db, Map<String, String> settings) {
        this(name, db, settings, freePort(), freePort());
    }

    private ServiceProcess(String name, TestDatabase db, Map<String, String> settings, int port, int managementPort) {
        this.name = name;
        this.db = db;
        this.settings = Map.copyOf(settings);
        this.port = port;
        this.managementPort = managementPort;
    }

    /** A new process of the same instance: same name, settings and port (not started). */
    public ServiceProcess again() {
        return new ServiceProcess(name, db, settings, port, managementPort);
    }

    public java.net.InetSocketAddress address() {
        return new java.net.InetSocketAddress("127.0.0.1", port);
    }

    public ServiceProcess start() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the service first: " + jar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GOX_DB_URL", db.url());
        builder.environment().put("GOX_DB_USER", db.user());
        builder.environment().put("GOX_DB_PASSWORD", db.password());
        builder.environment().put("GOX_INSTANCE_ID", name);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().put("GOX_AUTH_ENABLED", "true");
        builder.environment().put("GOX_AUTH_BOOTSTRAP_TOKEN", BOOTSTRAP_TOKEN);
        try {
            Path log = logOf(name);
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Where an instance of this name logs; every process of it appends to the same file. */
    public static Path logOf(String name) {
        return Path.of("target", "it-logs", name + ".log");
    }

    public String name() {
        return name;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Creates a worker token for {@code domains} through {@code POST /api/v1/tokens} on this instance
     * (with the bootstrap token); its secret.
     */
    public String workerToken(String... domains) {
        StringBuilder list = new StringBuilder();
        for (String d : domains) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(d).append('"');
        }
        String body = "{\"name\":\"it-workers\",\"role\":\"worker\",\"domains\":[" + list + "]}";
        try {
            java.net.http.HttpResponse<String> r = HTTP.send(
                    java.net.http.HttpRequest.newBuilder(uri().resolve("/api/v1/tokens"))
                            .header("Authorization", OPERATOR)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("token creation answered " + r.statusCode() + ": " + r.body());
            }
            java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(r.body());
            if (!secret.find()) {
                throw new IllegalStateException("no secret in " + r.body());
            }
            return secret.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The management interface: health and metrics. */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public boolean isReady() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    managementUri().resolve("/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** kill -9: no shutdown hook, no lock release, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the service shuts down cleanly. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    public void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            waitFor();
        }
    }

    /**
     * A port that is free now, below Linux's ephemeral range (32768 and up): a killed instance is
     * started again on its ports, and a port of the ephemeral range may meanwhile have become the
     * local end of one of the machine's outgoing connections (its workers', its database's), which
     * no port below that range ever is.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20_000 + PORTS.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new UncheckedIOException(new IOException("no free port found between 20000 and 32000"));
    }

    private static final java.util.Random PORTS = new java.security.SecureRandom();
}
