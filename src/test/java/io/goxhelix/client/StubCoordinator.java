package io.goxhelix.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted stand-in for the service, for one worker, on the JDK's HTTP server (127.0.0.1, a free
 * port). It answers heartbeats (or fails or hangs them), serves the worker's snapshot as JSON and as an
 * event stream in the service's wire format, answers the leave, and records every request in a
 * journal, in arrival order, into which tests may write their own notes.
 *
 * <p>Unlike the service, its heartbeats by default announce no version newer than the one the worker
 * acknowledges, so that a test is not exposed to the race between an answer announcing a new version
 * and the push of that version (which makes a worker revoke everything for a moment, as the worker
 * rule requires); {@link #announce} announces a newer one on purpose.
 */
final class StubCoordinator implements AutoCloseable {

    /** How heartbeats are answered. */
    enum Heartbeats {
        /** 200 with the worker's version, or 409 when {@code ackedVersion} is ahead of it. */
        ANSWER,
        /** 503. */
        FAIL,
        /** Never answered (until the mode changes or the stub closes). */
        HANG
    }

    record Heartbeat(String workerId, List<String> queues, long ackedVersion) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORKER =
            Pattern.compile("/api/v1/domains/([^/]+)/workers/([^/]+)(/heartbeat|/assignments)?");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-coordinator");
        t.setDaemon(true);
        return t;
    });
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final Set<OpenStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();

    private volatile long leaseTimeoutMs = 10_000;
    private volatile long heartbeatIntervalMs = 50;
    private volatile Heartbeats mode = Heartbeats.ANSWER;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private volatile boolean refuseStreams;
    // Guarded by this: the worker's version as the service knows it, and the snapshot it serves.
    private long workerVersion;
    private long announced;
    private long snapshotVersion;
    private List<String> snapshotPartitions = List.of();

    private StubCoordinator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubCoordinator start() {
        try {
            return new StubCoordinator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // --------------------------------------------------------------------------------------------
    // Script
    // --------------------------------------------------------------------------------------------

    void leaseTimeout(Duration lease) {
        leaseTimeoutMs = lease.toMillis();
    }

    void heartbeatInterval(Duration interval) {
        heartbeatIntervalMs = interval.toMillis();
    }

    /** A new snapshot ({@code "queue/partition@epoch"} each), served and pushed to open streams. */
    void publish(long version, String... partitions) {
        setSnapshot(version, partitions);
        for (OpenStream s : streams) {
            s.send(version);
        }
        journal.add("published " + version);
    }

    /** A new snapshot, served as JSON and to new streams only: open streams do not hear of it. */
    synchronized void setSnapshot(long version, String... partitions) {
        workerVersion = version;
        snapshotVersion = version;
        snapshotPartitions = List.of(partitions);
    }

    /** Heartbeats announce this version from now on (at least); the snapshot served does not change. */
    synchronized void announce(long version) {
        workerVersion = Math.max(workerVersion, version);
        announced = version;
    }

    /** The service forgot versions (a database restore): its state is now this, nothing is pushed. */
    synchronized void restore(long version, String... partitions) {
        setSnapshot(version, partitions);
    }

    void heartbeats(Heartbeats newMode) {
        CountDownLatch previous = hang;
        if (newMode == Heartbeats.HANG) {
            hang = new CountDownLatch(1);
        }
        mode = newMode;
        if (newMode != Heartbeats.HANG) {
            previous.countDown();
        }
    }

    /** Stream requests are answered 503 while refused (the JSON snapshot is still served). */
    void refuseStreams(boolean refuse) {
        refuseStreams = refuse;
    }

    /** Ends every open stream. */
    void dropStreams() {
        for (OpenStream s : streams) {
            s.end();
        }
        journal.add("dropped streams");
    }

    void note(String entry) {
        journal.add(entry);
    }

    // --------------------------------------------------------------------------------------------
    // Records
    // --------------------------------------------------------------------------------------------

    List<String> journal() {
        return List.copyOf(journal);
    }

    List<Heartbeat> heartbeats() {
        return List.copyOf(heartbeats);
    }

    List<Long> ackedVersions() {
        return heartbeats.stream().map(Heartbeat::ackedVersion).toList();
    }

    /** The {@code Last-Event-ID} of each stream request, in order ({@code "-"} when absent). */
    List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    int openStreams() {
        return streams.size();
    }

    int polls() {
        return polls.get();
    }

    int deletes() {
        return deletes.get();
    }

    @Override
    public void close() {
        hang.countDown();
        for (OpenStream s : streams) {
            s.end();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // --------------------------------------------------------------------------------------------
    // Serving
    // --------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = WORKER.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                respond(exchange, 404, "{}");
                return;
            }
            String domain = m.group(1);
            String worker = m.group(2);
            String tail = m.group(3) == null ? "" : m.group(3);
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && tail.equals("/heartbeat")) {
                heartbeat(exchange, worker);
            } else if (method.equals("GET") && tail.equals("/assignments")) {
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                if (accept != null && accept.contains("text/event-stream")) {
                    stream(exchange, domain, worker);
                } else {
                    polls.incrementAndGet();
                    journal.add("poll");
                    String body;
                    synchronized (this) {
                        body = snapshotJson(domain, worker);
                    }
                    respond(exchange, 200, body);
                }
            } else if (method.equals("DELETE") && tail.isEmpty()) {
                deletes.incrementAndGet();
                journal.add("delete");
                exchange.sendResponseHeaders(204, -1);
            } else {
                respond(exchange, 405, "{}");
            }
        }
    }

    private void heartbeat(HttpExchange exchange, String worker) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        List<String> queues = new ArrayList<>();
        body.get("queues").forEach(q -> queues.add(q.asText()));
        long acked = body.path("ackedVersion").asLong(0);
        heartbeats.add(new Heartbeat(worker, queues, acked));
        journal.add("heartbeat acked=" + acked);
        Heartbeats now = mode;
        if (now == Heartbeats.HANG) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 503, "{}");
            return;
        }
        if (now == Heartbeats.FAIL) {
            respond(exchange, 503, "{\"status\":503}");
            return;
        }
        long version;
        synchronized (this) {
            if (acked > workerVersion) {
                version = -1;
            } else {
                version = Math.max(acked, announced);
            }
        }
        if (version < 0) {
            respond(exchange, 409, "{\"status\":409}");
            return;
        }
        respond(
                exchange,
                200,
                "{\"workerId\":\"" + worker + "\",\"leaseTimeoutMs\":" + leaseTimeoutMs + ",\"heartbeatIntervalMs\":"
                        + heartbeatIntervalMs + ",\"assignmentVersion\":" + version + "}");
    }

    private void stream(HttpExchange exchange, String domain, String worker) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastEventId == null ? "-" : lastEventId);
        journal.add("stream last-event-id=" + (lastEventId == null ? "-" : lastEventId));
        if (refuseStreams) {
            respond(exchange, 503, "{\"status\":503}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=UTF-8");
        exchange.sendResponseHeaders(200, 0);
        OpenStream s = new OpenStream(exchange.getResponseBody(), domain, worker);
        streams.add(s);
        s.write(": connected\n\n");
        long current;
        synchronized (this) {
            current = snapshotVersion;
        }
        if (!String.valueOf(current).equals(lastEventId)) {
            s.send(current);
        } else {
            s.skipTo(current);
        }
        try {
            s.ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(s);
        }
    }

    private String snapshotJson(String domain, String worker) {
        StringBuilder parts = new StringBuilder();
        for (String p : snapshotPartitions) {
            String[] qp = p.split("[/@]");
            if (parts.length() > 0) {
                parts.append(',');
            }
            parts.append("{\"queue\":\"")
                    .append(qp[0])
                    .append("\",\"partition\":")
                    .append(qp[1])
                    .append(",\"epoch\":")
                    .append(qp[2])
                    .append('}');
        }
        return "{\"domain\":\"" + domain + "\",\"workerId\":\"" + worker + "\",\"version\":" + snapshotVersion
                + ",\"partitions\":[" + parts + "]}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An open event stream: the version it last carried. */
    private final class OpenStream {
        final OutputStream out;
        final String domain;
        final String worker;
        final CountDownLatch ended = new CountDownLatch(1);
        long sent = -1;

        OpenStream(OutputStream out, String domain, String worker) {
            this.out = out;
            this.domain = domain;
            this.worker = worker;
        }

        synchronized void skipTo(long version) {
            sent = Math.max(sent, version);
        }

        /** Sends the current snapshot if it is newer than what this stream carried. */
        void send(long atLeast) {
            String event;
            long version;
            synchronized (StubCoordinator.this) {
                version = snapshotVersion;
                event = "id: " + version + "\nevent: assignment\ndata: " + snapshotJson(domain, worker) + "\n\n";
            }
            synchronized (this) {
                if (version <= sent || version < atLeast) {
                    return;
                }
                sent = version;
                write(event);
            }
        }

        synchronized void write(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                end();
            }
        }

        void end() {
            ended.countDown();
        }
    }
}
