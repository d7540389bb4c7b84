package io.goxhelix.client.internal;

import io.goxhelix.client.WorkerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * The requests of one worker to an instance of the service, all under the worker's own path {@code
 * /api/v1/domains/D/workers/W}, over one HTTP/1.1 client that follows no redirect. Thread-safe.
 */
final class WorkerApi {

    private final HttpClient http;
    private final String path;
    private final Duration requestTimeout;
    private final Credentials credentials;

    WorkerApi(WorkerOptions options) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        options.sslContext().ifPresent(http::sslContext);
        this.http = http.build();
        this.credentials = new Credentials(options);
        this.path = "/api/v1/domains/" + options.domain() + "/workers/" + options.workerId();
        this.requestTimeout = options.requestTimeout();
    }

    /** {@code POST …/heartbeat} with {@code body}. */
    CompletableFuture<HttpResponse<String>> heartbeat(URI base, String body) {
        HttpRequest request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, path + "/heartbeat")))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET …/assignments} as JSON: the snapshot. */
    CompletableFuture<HttpResponse<String>> snapshot(URI base) {
        HttpRequest request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, path + "/assignments")))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code DELETE} of the worker ({@code ?restart=true} to have its partitions kept), waiting for the answer; its status. */
    int leave(URI base, boolean restart) throws IOException, InterruptedException {
        HttpRequest request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, restart ? path + "?restart=true" : path)))
                .timeout(requestTimeout)
                .DELETE()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code POST …/drain}, waiting for the answer; its status. */
    int drain(URI base) throws IOException, InterruptedException {
        HttpRequest request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, path + "/drain")))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code GET …/drain}, waiting for the answer. */
    HttpResponse<String> standing(URI base) throws IOException, InterruptedException {
        HttpRequest request = credentials
                .sign(HttpRequest.newBuilder(Endpoints.resolve(base, path + "/drain")))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The subscription to {@code …/assignments} as an event stream, not started yet. */
    AssignmentStream stream(Endpoints endpoints, Backoff backoff, AssignmentStream.Sink sink, ThreadFactory threads) {
        return new AssignmentStream(
                http, credentials, endpoints, path + "/assignments", backoff, requestTimeout, sink, threads);
    }
}
