package io.goxhelix.api;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An assignment stream opened with a bearer token, read line by line until the server ends it. */
final class BearerStream implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile int status = -1;
    private volatile boolean ended;
    private volatile InputStream body;

    private BearerStream(URI uri, String authorization) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", authorization)
                .build();
        reader = new Thread(
                () -> {
                    try {
                        HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        status = r.statusCode();
                        body = r.body();
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                lines.add(line);
                            }
                        }
                    } catch (Exception e) {
                        lines.add("! " + e);
                    } finally {
                        ended = true;
                    }
                },
                "bearer-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static BearerStream open(URI base, String domain, String workerId, String authorization) {
        return new BearerStream(
                base.resolve("/api/v1/domains/" + domain + "/workers/" + workerId + "/assignments"), authorization);
    }

    int status() {
        return status;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** True once the server ended the stream (or the connection failed). */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws Exception {
        InputStream b = body;
        if (b != null) {
            b.close();
        }
        reader.interrupt();
    }
}
