package io.goxhelix.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The subscription to a worker's assignment stream: one thread that connects ({@code Accept:
 * text/event-stream}, {@code Last-Event-ID} when a version is known), parses the events, and when the
 * connection fails or ends reconnects after an exponential backoff with jitter, to the next instance
 * of the service. It reports what happens to a {@link Sink}; it holds no assignment state itself.
 */
final class AssignmentStream {

    /** Where the stream's news go; called on the stream's thread. */
    interface Sink {
        /** A connection is open (200, {@code text/event-stream}). */
        void connected(int generation, URI base);

        /** The connection attempt failed or the open connection ended; a reconnection follows. */
        void disconnected(int generation, URI base, String reason);

        /** An event arrived. */
        void event(int generation, SseParser.Event event);

        /** The value of {@code Last-Event-ID} for the next connection, or {@code null} for none. */
        String lastEventId();
    }

    private final HttpClient http;
    private final Credentials credentials;
    private final Endpoints endpoints;
    private final String path;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final Sink sink;
    private final Thread thread;
    private final Object lock = new Object();

    private volatile boolean closed;
    private volatile boolean open;
    private volatile long lastActivity;
    // Guarded by lock.
    private int generation;
    private boolean restart;
    private InputStream body;

    AssignmentStream(
            HttpClient http,
            Credentials credentials,
            Endpoints endpoints,
            String path,
            Backoff backoff,
            Duration requestTimeout,
            Sink sink,
            ThreadFactory threads) {
        this.http = http;
        this.credentials = credentials;
        this.endpoints = endpoints;
        this.path = path;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.sink = sink;
        this.thread = threads.newThread(this::run);
    }

    void start() {
        thread.start();
    }

    /** Drops the current connection and connects again at once, under a new generation. */
    void restart(int newGeneration) {
        synchronized (lock) {
            generation = newGeneration;
            restart = true;
            closeBody();
            lock.notifyAll();
        }
    }

    /** Drops an open connection that carried nothing for {@code idleNanos}; a reconnection follows. */
    void closeIfIdle(long idleNanos) {
        if (open && System.nanoTime() - lastActivity > idleNanos) {
            synchronized (lock) {
                closeBody();
            }
        }
    }

    /** Stops for good and waits a little for the thread to end. */
    void close() {
        closed = true;
        synchronized (lock) {
            closeBody();
            lock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            int gen;
            synchronized (lock) {
                gen = generation;
                restart = false;
            }
            URI base = endpoints.current();
            Session session = session(base, gen);
            if (closed) {
                return;
            }
            synchronized (lock) {
                if (restart) {
                    continue;
                }
            }
            sink.disconnected(gen, base, session.reason());
            endpoints.failed(base);
            long delay = backoff.nextNanos();
            if (session.retryMillis() > 0) {
                delay = Math.max(delay, TimeUnit.MILLISECONDS.toNanos(Math.min(session.retryMillis(), 3_600_000)));
            }
            pause(delay);
        }
    }

    private record Session(String reason, long retryMillis) {}

    private Session session(URI base, int gen) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(base), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Session(describe(e), -1);
        } catch (InterruptedException e) {
            return new Session("interrupted", -1);
        }
        InputStream in = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            quietlyClose(in);
            return new Session("answered " + response.statusCode() + " (" + type + ")", -1);
        }
        synchronized (lock) {
            if (closed || restart) {
                quietlyClose(in);
                return new Session("closed", -1);
            }
            body = in;
        }
        return follow(in, base, gen);
    }

    private HttpRequest request(URI base) {
        HttpRequest.Builder request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, path)))
                .timeout(requestTimeout) // until the headers arrive
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .GET();
        String lastEventId = sink.lastEventId();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.build();
    }

    /** Reads the events of an open connection until it ends. */
    private Session follow(InputStream in, URI base, int gen) {
        lastActivity = System.nanoTime();
        open = true;
        backoff.reset();
        sink.connected(gen, base);
        SseParser parser = new SseParser(event -> sink.event(gen, event), comment -> {});
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                lastActivity = System.nanoTime();
                parser.feed(CharBuffer.wrap(buffer, 0, n));
            }
            return new Session("the stream ended", parser.retryMillis().orElse(-1));
        } catch (IOException e) {
            return new Session(describe(e), parser.retryMillis().orElse(-1));
        } finally {
            open = false;
            synchronized (lock) {
                body = null;
            }
        }
    }

    private void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        synchronized (lock) {
            long left;
            while (!closed && !restart && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    return; // only close() interrupts
                }
            }
        }
    }

    /** Caller holds the lock. */
    private void closeBody() {
        if (body != null) {
            quietlyClose(body);
            body = null;
        }
    }

    private static void quietlyClose(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    static String describe(Throwable e) {
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
