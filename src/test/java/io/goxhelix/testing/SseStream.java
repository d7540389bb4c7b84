package io.goxhelix.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An SSE subscription over the JDK's HTTP client, parsed per the HTML living standard (fields
 * {@code id}, {@code event}, {@code data}, comment lines, blank line dispatches).
 */
public final class SseStream implements AutoCloseable {

    /** One dispatched event and the {@link System#nanoTime()} of its arrival. */
    public record Event(String id, String name, String data, long arrivedNanos) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> raw = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile int status = -1;
    private volatile String contentType;
    private volatile boolean closed;
    private volatile java.io.InputStream body;

    private SseStream(URI uri, String lastEventId, String authorization, Consumer<Event> listener) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        reader = new Thread(
                () -> {
                    try {
                        HttpResponse<java.io.InputStream> response =
                                client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                        contentType =
                                response.headers().firstValue("Content-Type").orElse("");
                        status = response.statusCode();
                        body = response.body();
                        try (BufferedReader lines =
                                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                            String id = null;
                            String name = null;
                            StringBuilder data = null;
                            String line;
                            while (!closed && (line = lines.readLine()) != null) {
                                raw.add(line);
                                if (line.isEmpty()) {
                                    if (data != null) {
                                        Event e = new Event(id, name, data.toString(), System.nanoTime());
                                        events.add(e);
                                        listener.accept(e);
                                    }
                                    name = null;
                                    data = null;
                                    continue;
                                }
                                if (line.startsWith(":")) {
                                    comments.add(line.substring(1).trim());
                                    continue;
                                }
                                int colon = line.indexOf(':');
                                String field = colon < 0 ? line : line.substring(0, colon);
                                String value = colon < 0 ? "" : line.substring(colon + 1);
                                if (value.startsWith(" ")) {
                                    value = value.substring(1);
                                }
                                switch (field) {
                                    case "id" -> id = value;
                                    case "event" -> name = value;
                                    case "data" ->
                                        data = data == null
                                                ? new StringBuilder(value)
                                                : data.append('\n').append(value);
                                    default -> {}
                                }
                            }
                        }
                    } catch (Exception e) {
                        if (!closed) {
                            status = status < 0 ? 0 : status;
                        }
                    }
                },
                "sse-" + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    public static SseStream open(URI uri) {
        return new SseStream(uri, null, null, e -> {});
    }

    public static SseStream open(URI uri, String lastEventId, Consumer<Event> listener) {
        return new SseStream(uri, lastEventId, null, listener);
    }

    /** With an {@code Authorization} header ({@code null} for none). */
    public static SseStream open(URI uri, String lastEventId, String authorization, Consumer<Event> listener) {
        return new SseStream(uri, lastEventId, authorization, listener);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Every line received, as sent. */
    public List<String> rawLines() {
        return List.copyOf(raw);
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    @Override
    public void close() {
        closed = true;
        java.io.InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (java.io.IOException ignored) {
                // closing a stream the server may already have closed
            }
        }
        reader.interrupt();
    }
}
