package io.goxhelix.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The service under test and its database, as the benchmarks see them: HTTP calls through one shared
 * client with a bounded number in flight (so that the client never opens thousands of connections),
 * the service's resident set from {@code /proc}, and the database's counters through the
 * {@code mariadb} command-line client.
 */
final class Service {

    final String host;
    final int port;
    final long pid;
    final String dbHost;
    final int dbPort;
    private final HttpClient http;
    private final Semaphore inFlight;

    Service(String host, int port, long pid, String dbHost, int dbPort, int maxInFlight) {
        this.host = host;
        this.port = port;
        this.pid = pid;
        this.dbHost = dbHost;
        this.dbPort = dbPort;
        this.inFlight = new Semaphore(maxInFlight);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    /** Sends a request, waiting for a free slot first; completes with the status and body. */
    CompletableFuture<HttpResponse<String>> send(String method, String path, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        inFlight.acquireUninterruptibly();
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> inFlight.release());
    }

    HttpResponse<String> call(String method, String path, String jsonBody) {
        HttpResponse<String> r = send(method, path, jsonBody).join();
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    static String heartbeatBody(List<String> queues, long acked) {
        StringBuilder sb = new StringBuilder("{\"queues\":[");
        for (int i = 0; i < queues.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(queues.get(i)).append('"');
        }
        return sb.append("],\"ackedVersion\":").append(acked).append('}').toString();
    }

    /** VmRSS of the service process, in MiB. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** The management interface (health, metrics): the API port + 1000, as the script starts it. */
    URI managementUri(String path) {
        return URI.create("http://" + host + ":" + (port + 1000) + path);
    }

    /** One line of the Prometheus text format, by its exact name and labels, or NaN. */
    double metric(String series) {
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(managementUri("/q/metrics"))
                            .header("Accept", "text/plain")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        for (String line : r.body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /** Runs statements with the {@code mariadb} client; returns the rows, tab-separated. */
    List<String> sql(String statements) {
        try {
            Process p = new ProcessBuilder(
                            "mariadb",
                            "-h",
                            dbHost,
                            "-P",
                            String.valueOf(dbPort),
                            "-uroot",
                            "-N",
                            "-B",
                            "-e",
                            statements)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mariadb failed: " + out);
            }
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's global counters that the statement budget is judged by. */
    Map<String, Long> status() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String row : sql("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert',"
                + " 'Com_update', 'Com_delete', 'Com_commit', 'Com_begin', 'Com_rollback', 'Com_stmt_execute',"
                + " 'Com_stmt_prepare')")) {
            String[] f = row.split("\t");
            m.put(f[0], Long.parseLong(f[1]));
        }
        return m;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
