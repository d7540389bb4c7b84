package io.goxhelix.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goxhelix.access.Principal;
import io.goxhelix.auth.TokensEnded;
import io.goxhelix.coordinator.SnapshotChanged;
import io.goxhelix.coordinator.SnapshotsChanged;
import io.goxhelix.coordinator.UntilSchemaReady;
import io.goxhelix.store.Snapshot;
import io.goxhelix.store.WorkerStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The assignment streams open on this instance. A stream gets the current snapshot on connect, then
 * every newer version the change feed announces. Versions only go forward on a stream, and a stream
 * may skip versions: a snapshot is always complete, so a slow reader simply gets the latest one when
 * its connection drains, and never makes the server queue more than one event for it. A stream
 * opened with a token ends when that token is revoked or expires.
 */
@ApplicationScoped
public class AssignmentStreams {

    private static final Logger LOG = Logger.getLogger(AssignmentStreams.class);
    private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    /** Workers per snapshot read: one statement's placeholders stay far below the server's limits. */
    private static final int READ_BATCH = 500;

    private record Key(String domain, String workerId) {}

    /** One open stream: the version it last carried and, while the connection is congested, the next. */
    private static final class Stream {
        final HttpServerResponse response;
        /** The id of the principal that opened it; null with authentication off. */
        final String principalId;

        long sent = -1;
        Snapshot pending;
        /**
         * The newest version a snapshot read has been started for: the acting coordinator announces a
         * round at commit and the feed the same versions a moment later, and the second must not read
         * them again while the first read is still on its way.
         */
        long loading = -1;

        Stream(HttpServerResponse response, String principalId) {
            this.response = response;
            this.principalId = principalId;
        }
    }

    private final WorkerStore workers;
    private final ObjectMapper json;
    private final Map<Key, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final PrincipalLimits limits;

    AssignmentStreams(WorkerStore workers, ObjectMapper json, MeterRegistry registry, PrincipalLimits limits) {
        this.workers = workers;
        this.limits = limits;
        this.json = json;
        Gauge.builder("gox.sse.subscribers", open, AtomicInteger::get)
                .description("Assignment streams open on this instance")
                .register(registry);
    }

    /** Serves an accepted event-stream request until the client goes away or its token ends. */
    void subscribe(String domain, String workerId, String lastEventId, HttpServerResponse response, Principal caller) {
        Key key = new Key(domain, workerId);
        Stream stream = new Stream(response, caller == null ? null : caller.id());
        // Registered before the first read, so that no version committed meanwhile can be missed.
        streams.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(stream);
        open.incrementAndGet();
        response.closeHandler(ignored -> drop(key, stream));
        response.exceptionHandler(ignored -> drop(key, stream));
        response.drainHandler(ignored -> flush(stream));
        workers.snapshot(domain, workerId)
                .subscribe()
                .with(
                        snapshot -> {
                            synchronized (stream) {
                                if (stream.sent < 0
                                        && String.valueOf(snapshot.version()).equals(lastEventId)) {
                                    stream.sent = snapshot.version();
                                    return;
                                }
                            }
                            deliver(stream, snapshot);
                        },
                        failure -> {
                            LOG.debugf("first snapshot of %s failed: %s", workerId, failure.getMessage());
                            response.reset();
                        });
    }

    /**
     * Pushes new versions to the streams open here. A snapshot that comes with the change (from the
     * coordinator that wrote it) goes out as is; others are read in batches of up to {@link
     * #READ_BATCH} workers, each batch in one transaction, and only for workers with a stream that has
     * not carried that version yet.
     */
    void onChange(@Observes SnapshotsChanged batch) {
        Map<String, List<String>> byDomain = new HashMap<>();
        for (SnapshotChanged change : batch.changes()) {
            Set<Stream> subscribers = streams.get(new Key(change.domain(), change.workerId()));
            if (subscribers == null) {
                continue;
            }
            if (change.known() != null) {
                for (Stream s : subscribers) {
                    deliver(s, change.known());
                }
            } else if (claim(subscribers, change.version())) {
                byDomain.computeIfAbsent(change.domain(), d -> new ArrayList<>())
                        .add(change.workerId());
            }
        }
        byDomain.forEach((domain, ids) -> {
            List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
            for (int from = 0; from < distinct.size(); from += READ_BATCH) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + READ_BATCH));
                workers.snapshots(domain, chunk)
                        .subscribe()
                        .with(
                                snapshots -> snapshots.forEach((id, snapshot) -> {
                                    Set<Stream> subscribers = streams.get(new Key(domain, id));
                                    if (subscribers != null) {
                                        for (Stream s : subscribers) {
                                            deliver(s, snapshot);
                                        }
                                    }
                                }),
                                failure -> {
                                    LOG.debugf(
                                            "loading %d snapshots of domain %s failed: %s",
                                            chunk.size(), domain, failure.getMessage());
                                    unclaim(domain, chunk);
                                });
            }
        });
    }

    /**
     * True if a stream of the worker has neither carried, nor queued, nor started reading {@code
     * version}; marks it as being read.
     */
    private static boolean claim(Set<Stream> subscribers, long version) {
        boolean behind = false;
        for (Stream s : subscribers) {
            synchronized (s) {
                if (s.sent < version && (s.pending == null || s.pending.version() < version) && s.loading < version) {
                    s.loading = version;
                    behind = true;
                }
            }
        }
        return behind;
    }

    /** A failed read leaves the versions to whichever announcement comes next (the feed's, say). */
    private void unclaim(String domain, List<String> ids) {
        for (String id : ids) {
            Set<Stream> subscribers = streams.get(new Key(domain, id));
            if (subscribers != null) {
                for (Stream s : subscribers) {
                    synchronized (s) {
                        s.loading = -1;
                    }
                }
            }
        }
    }

    private void deliver(Stream stream, Snapshot snapshot) {
        synchronized (stream) {
            if (snapshot.version() <= stream.sent
                    || (stream.pending != null && snapshot.version() <= stream.pending.version())) {
                return;
            }
            stream.pending = snapshot;
        }
        flush(stream);
    }

    private void flush(Stream stream) {
        synchronized (stream) {
            Snapshot next = stream.pending;
            if (next == null || stream.response.writeQueueFull() || stream.response.closed()) {
                return;
            }
            stream.pending = null;
            stream.sent = next.version();
            stream.response.write(
                    Buffer.buffer("id: " + next.version() + "\nevent: assignment\ndata: " + toJson(next) + "\n\n"));
        }
    }

    @Scheduled(every = "${gox.sse.keep-alive}", skipExecutionIf = UntilSchemaReady.class)
    void keepAlive() {
        for (Set<Stream> set : streams.values()) {
            for (Stream s : set) {
                synchronized (s) {
                    if (!s.response.closed() && !s.response.writeQueueFull()) {
                        s.response.write(KEEP_ALIVE);
                    }
                }
            }
        }
    }

    /** Ends the streams opened with tokens that were revoked or expired; their clients see the end. */
    void onTokensEnded(@Observes TokensEnded ended) {
        Map<Stream, Key> over = new HashMap<>();
        streams.forEach((key, set) -> {
            for (Stream s : set) {
                if (s.principalId != null && ended.ids().contains(s.principalId)) {
                    over.put(s, key);
                }
            }
        });
        over.forEach((s, key) -> {
            synchronized (s) {
                if (!s.response.ended() && !s.response.closed()) {
                    s.response.end();
                }
            }
            drop(key, s);
        });
    }

    private void drop(Key key, Stream stream) {
        Set<Stream> set = streams.get(key);
        if (set != null && set.remove(stream)) {
            open.decrementAndGet();
            if (stream.principalId != null) {
                limits.streamClosed(stream.principalId);
            }
        }
        streams.computeIfPresent(key, (k, s) -> s.isEmpty() ? null : s);
    }

    private String toJson(Snapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
