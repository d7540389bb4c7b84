package io.goxhelix.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goxhelix.access.Principal;
import io.goxhelix.auth.TokensEnded;
import io.goxhelix.coordinator.UntilSchemaReady;
import io.goxhelix.store.LedgerEntry;
import io.goxhelix.store.LedgerStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operators' streams open on this instance: a domain's ledger ({@code event: move}, one event per
 * entry, {@code id} the entry's id, so that {@code Last-Event-ID} resumes after it) and a domain's
 * console view ({@code event: view}, sent when it differs from the last one sent). Any instance
 * serves them: each reads, at {@code gox.ledger.poll-interval} and only while streams are open, what
 * is new for them in the database. A stream ends when its token is revoked or expires.
 */
@ApplicationScoped
public class OperatorStreams {

    private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    /** Entries per read: a stream far behind catches up over several polls. */
    private static final int READ_BATCH = 500;

    private static final class Stream {
        final HttpServerResponse response;
        final String principalId;
        /** Ledger: the id of the last entry sent. */
        long cursor;
        /** View: the last view sent. */
        String lastView;

        Stream(HttpServerResponse response, String principalId, long cursor) {
            this.response = response;
            this.principalId = principalId;
            this.cursor = cursor;
        }
    }

    private final LedgerStore ledger;
    private final ConsoleViews views;
    private final ObjectMapper json;
    private final Map<String, Set<Stream>> ledgerStreams = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> viewStreams = new ConcurrentHashMap<>();

    OperatorStreams(LedgerStore ledger, ConsoleViews views, ObjectMapper json) {
        this.ledger = ledger;
        this.views = views;
        this.json = json;
    }

    /** Streams the domain's ledger from after {@code lastEventId}, or from now on if there is none. */
    void subscribeLedger(String domain, String lastEventId, HttpServerResponse response, Principal caller) {
        Long resume = parseId(lastEventId);
        Uni<Long> start = resume != null ? Uni.createFrom().item(resume) : ledger.head(domain);
        start.subscribe()
                .with(
                        cursor -> add(ledgerStreams, domain, new Stream(response, idOf(caller), cursor)),
                        failure -> response.reset());
    }

    /** Streams the domain's console view: the current one now, then each change. */
    void subscribeView(String domain, HttpServerResponse response, Principal caller) {
        Stream s = add(viewStreams, domain, new Stream(response, idOf(caller), 0));
        views.of(domain).subscribe().with(view -> sendView(s, view), failure -> response.reset());
    }

    @Scheduled(
            every = "${gox.ledger.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilSchemaReady.class)
    Uni<Void> poll() {
        List<Uni<Void>> reads = new ArrayList<>();
        ledgerStreams.forEach((domain, streams) -> reads.add(pollLedger(domain, streams)));
        viewStreams.forEach((domain, streams) -> reads.add(views.of(domain)
                .invoke(view -> streams.forEach(s -> sendView(s, view)))
                .replaceWithVoid()));
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(reads)
                .andCollectFailures()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> pollLedger(String domain, Set<Stream> streams) {
        long from = Long.MAX_VALUE;
        for (Stream s : streams) {
            from = Math.min(from, s.cursor);
        }
        if (from == Long.MAX_VALUE) {
            return Uni.createFrom().voidItem();
        }
        return ledger.domain(domain, from, READ_BATCH)
                .invoke(entries -> {
                    for (Stream s : streams) {
                        sendMoves(s, entries);
                    }
                })
                .replaceWithVoid();
    }

    private void sendMoves(Stream s, List<LedgerEntry> entries) {
        synchronized (s) {
            StringBuilder out = new StringBuilder();
            long cursor = s.cursor;
            for (LedgerEntry e : entries) {
                if (e.id() > cursor) {
                    out.append("id: ")
                            .append(e.id())
                            .append("\nevent: move\ndata: ")
                            .append(toJson(e))
                            .append("\n\n");
                    cursor = e.id();
                }
            }
            // A congested stream is left where it is and catches up once it drains.
            if (out.length() > 0 && !s.response.closed() && !s.response.writeQueueFull()) {
                s.response.write(out.toString());
                s.cursor = cursor;
            }
        }
    }

    private void sendView(Stream s, Object view) {
        String text = toJson(view);
        synchronized (s) {
            if (!text.equals(s.lastView) && !s.response.closed() && !s.response.writeQueueFull()) {
                s.response.write("event: view\ndata: " + text + "\n\n");
                s.lastView = text;
            }
        }
    }

    @Scheduled(every = "${gox.sse.keep-alive}", skipExecutionIf = UntilSchemaReady.class)
    void keepAlive() {
        for (Map<String, Set<Stream>> kind : List.of(ledgerStreams, viewStreams)) {
            kind.values()
                    .forEach(set -> set.forEach(s -> {
                        synchronized (s) {
                            if (!s.response.closed() && !s.response.writeQueueFull()) {
                                s.response.write(KEEP_ALIVE);
                            }
                        }
                    }));
        }
    }

    void onTokensEnded(@Observes TokensEnded ended) {
        for (Map<String, Set<Stream>> kind : List.of(ledgerStreams, viewStreams)) {
            kind.forEach((domain, set) -> {
                for (Stream s : set) {
                    if (s.principalId != null && ended.ids().contains(s.principalId)) {
                        synchronized (s) {
                            if (!s.response.ended() && !s.response.closed()) {
                                s.response.end();
                            }
                        }
                        drop(kind, domain, s);
                    }
                }
            });
        }
    }

    private Stream add(Map<String, Set<Stream>> kind, String domain, Stream s) {
        kind.computeIfAbsent(domain, d -> ConcurrentHashMap.newKeySet()).add(s);
        // Sent once the stream is registered: a client that sees it misses nothing committed after.
        s.response.write(": connected\n\n");
        s.response.closeHandler(ignored -> drop(kind, domain, s));
        s.response.exceptionHandler(ignored -> drop(kind, domain, s));
        return s;
    }

    private static void drop(Map<String, Set<Stream>> kind, String domain, Stream s) {
        Set<Stream> set = kind.get(domain);
        if (set != null) {
            set.remove(s);
        }
        kind.computeIfPresent(domain, (d, set2) -> set2.isEmpty() ? null : set2);
    }

    private static String idOf(Principal caller) {
        return caller == null ? null : caller.id();
    }

    /** A resumption id, or null if there is none or it is not an entry id (then the stream starts now). */
    static Long parseId(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.trim());
            return id >= 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
