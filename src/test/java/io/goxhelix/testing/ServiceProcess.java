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

/** One instance of the packaged service ({@code target/quarkus-app}) as a separate OS process. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final TestDatabase db;
    private final Map<String, String> settings;
    private final int port;
    private Process process;

    public ServiceProcess(String name, TestDatabase db, Map<String, String> settings) {
        this(name, db, settings, freePort());
    }

    private ServiceProcess(String name, TestDatabase db, Map<String, String> settings, int port) {
        this.name = name;
        this.db = db;
        this.settings = Map.copyOf(settings);
        this.port = port;
    }

    /** A new process of the same instance: same name, settings and port (not started). */
    public ServiceProcess again() {
        return new ServiceProcess(name, db, settings, port);
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
        builder.environment().put("GOX_AUTH_ENABLED", "false");
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

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public boolean isReady() {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) uri().resolve("/q/health/ready").toURL().openConnection();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
