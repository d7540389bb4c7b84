package io.goxhelix.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goxhelix.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The operator's side of the soak: queue changes and reads of the service's views, on one instance. */
final class Admin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Admin() {}

    /** Creates or resizes; true once answered 200 or 201. */
    static boolean putQueue(URI instance, String domain, String queue, int partitions) {
        return send(HttpRequest.newBuilder(instance.resolve(queuePath(domain, queue)))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"partitions\":" + partitions + "}")))
                .map(r -> r.statusCode() == 200 || r.statusCode() == 201)
                .orElse(false);
    }

    /** Deletes; true once answered 204 (or 404: deleted by an earlier try whose answer was lost). */
    static boolean deleteQueue(URI instance, String domain, String queue) {
        return send(HttpRequest.newBuilder(instance.resolve(queuePath(domain, queue)))
                        .DELETE())
                .map(r -> r.statusCode() == 204 || r.statusCode() == 404)
                .orElse(false);
    }

    /** The queue view, empty when the queue does not exist or the instance does not answer. */
    static Optional<JsonNode> queue(URI instance, String domain, String queue) {
        return get(instance, queuePath(domain, queue));
    }

    /** An operator's drain of a live worker; true once answered 202. */
    static boolean drain(URI instance, String domain, String worker) {
        return send(HttpRequest.newBuilder(instance.resolve(drainPath(domain, worker)))
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .map(r -> r.statusCode() == 202)
                .orElse(false);
    }

    /** The worker's drain standing (ACTIVE, DRAIN_QUEUED, DRAINING, DRAINED...), empty if not answered. */
    static Optional<String> drainState(URI instance, String domain, String worker) {
        return get(instance, drainPath(domain, worker))
                .map(s -> s.path("state"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    static Optional<JsonNode> cluster(URI instance) {
        return get(instance, "/api/v1/cluster");
    }

    /** The acting coordinator's instance id, as this instance reports it. */
    static Optional<String> coordinator(URI instance) {
        return cluster(instance)
                .map(c -> c.path("coordinator").path("instanceId"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    private static Optional<JsonNode> get(URI instance, String path) {
        return send(HttpRequest.newBuilder(instance.resolve(path))
                        .header("Accept", "application/json")
                        .GET())
                .filter(r -> r.statusCode() == 200)
                .map(r -> {
                    try {
                        return JSON.readTree(r.body());
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable answer from " + instance + path, e);
                    }
                });
    }

    private static String drainPath(String domain, String worker) {
        return "/api/v1/domains/" + domain + "/workers/" + worker + "/drain";
    }

    private static String queuePath(String domain, String queue) {
        return "/api/v1/domains/" + domain + "/queues/" + queue;
    }

    /** Every request as the bootstrap operator. */
    private static Optional<HttpResponse<String>> send(HttpRequest.Builder request) {
        request.header("Authorization", ServiceProcess.OPERATOR);
        try {
            return Optional.of(
                    HTTP.send(request.timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
