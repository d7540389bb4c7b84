package io.goxhelix.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker that follows the protocol's worker rule (S2): it holds a partition only while it is in the
 * latest snapshot, that snapshot is at least as new as the version of its last answered heartbeat,
 * and its lease (from the sending of that heartbeat) has not run out; it acknowledges each applied
 * snapshot at once. What it holds is recorded in a {@link HoldingLog}.
 */
public final class SimulatedWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String domain;
    private final String id;
    private final List<String> queues;
    private final HoldingLog log;
    private final Duration interval;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** queue/partition -> epoch, what the application holds now. */
    private final Map<String, Long> held = new HashMap<>();

    /** Extra heartbeat fields (weight, maxPartitions, labels), sent with every heartbeat. */
    private volatile Map<String, Object> announced = Map.of();

    private SseStream stream;
    private long snapshotVersion = -1;
    private long heartbeatVersion;
    private long leaseDeadline = Long.MIN_VALUE;
    private JsonNode latest;
    private boolean stopped;
    private volatile String authorization;

    public SimulatedWorker(URI base, String domain, String id, List<String> queues, HoldingLog log, Duration interval) {
        this.base = base;
        this.domain = domain;
        this.id = id;
        this.queues = List.copyOf(queues);
        this.log = log;
        this.interval = interval;
    }

    public String id() {
        return id;
    }

    /** Sends these fields with every heartbeat from now on, besides the queues and the acknowledgement. */
    public SimulatedWorker announcing(Map<String, Object> fields) {
        announced = Map.copyOf(fields);
        return this;
    }

    /** Sends {@code authorization} (e.g. {@code "Bearer gox_..."}) with every request; call before {@link #start}. */
    public SimulatedWorker authorization(String authorization) {
        this.authorization = authorization;
        return this;
    }

    private HttpRequest.Builder signed(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    public SimulatedWorker start() {
        stream = SseStream.open(
                base.resolve("/api/v1/domains/" + domain + "/workers/" + id + "/assignments"),
                null,
                authorization,
                e -> {
                    try {
                        onSnapshot(JSON.readTree(e.data()));
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                });
        timer.scheduleWithFixedDelay(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void onSnapshot(JsonNode snapshot) {
        if (stopped) {
            return;
        }
        latest = snapshot;
        snapshotVersion = snapshot.get("version").asLong();
        apply();
        timer.execute(this::heartbeat);
    }

    /** Holds exactly what the worker rule allows at this moment. */
    private synchronized void apply() {
        if (stopped) {
            // A crashed or departed worker's application holds nothing, whatever answer arrives late.
            return;
        }
        Map<String, Long> allowed = new HashMap<>();
        boolean fresh = latest != null && snapshotVersion >= heartbeatVersion && System.nanoTime() < leaseDeadline;
        if (fresh) {
            for (JsonNode p : latest.get("partitions")) {
                allowed.put(
                        p.get("queue").asText() + "/" + p.get("partition").asInt(),
                        p.get("epoch").asLong());
            }
        }
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(allowed.get(e.getKey()))) {
                String[] qp = e.getKey().split("/");
                log.released(id, qp[0], Integer.parseInt(qp[1]));
                it.remove();
            }
        }
        for (var e : allowed.entrySet()) {
            if (!held.containsKey(e.getKey())) {
                String[] qp = e.getKey().split("/");
                log.acquired(id, qp[0], Integer.parseInt(qp[1]), e.getValue());
                held.put(e.getKey(), e.getValue());
            }
        }
    }

    private void heartbeat() {
        long acked;
        synchronized (this) {
            if (stopped) {
                return;
            }
            acked = Math.max(0, snapshotVersion);
            apply(); // the lease may have run out since the last answer
        }
        long sent = System.nanoTime();
        try {
            Map<String, Object> fields = new HashMap<>(announced);
            fields.put("queues", queues);
            fields.put("ackedVersion", acked);
            String body = JSON.writeValueAsString(fields);
            HttpResponse<String> response = http.send(
                    signed(HttpRequest.newBuilder(
                                    base.resolve("/api/v1/domains/" + domain + "/workers/" + id + "/heartbeat")))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode answer = JSON.readTree(response.body());
                synchronized (this) {
                    heartbeatVersion = answer.get("assignmentVersion").asLong();
                    leaseDeadline = sent
                            + TimeUnit.MILLISECONDS.toNanos(
                                    answer.get("leaseTimeoutMs").asLong());
                    apply();
                }
            }
        } catch (Exception e) {
            // A lost heartbeat is what leases are for.
        }
    }

    public synchronized Map<String, Long> held() {
        return Map.copyOf(held);
    }

    /** Stops without telling anyone, as a crashed process would; its application stops too. */
    public void crash() {
        synchronized (this) {
            stopped = true;
            releaseAll();
        }
        timer.shutdownNow();
        stream.close();
    }

    /** Graceful leave: stop work on everything, then tell the service. */
    public void leave() throws Exception {
        crash();
        http.send(
                signed(HttpRequest.newBuilder(base.resolve("/api/v1/domains/" + domain + "/workers/" + id)))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private void releaseAll() {
        for (String key : held.keySet()) {
            String[] qp = key.split("/");
            log.released(id, qp[0], Integer.parseInt(qp[1]));
        }
        held.clear();
    }

    @Override
    public void close() {
        crash();
    }
}
