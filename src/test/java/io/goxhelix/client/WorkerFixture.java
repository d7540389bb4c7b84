package io.goxhelix.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;

/** Stubs and workers for a test, closed after it; workers follow domain {@code d}, queue {@code q}. */
abstract class WorkerFixture {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<AutoCloseable> resources = new ArrayList<>();

    StubCoordinator stub() {
        StubCoordinator stub = StubCoordinator.start();
        resources.add(stub);
        return stub;
    }

    /** Options with fast reconnection, for these stubs in this order. */
    static WorkerOptions.Builder options(StubCoordinator... stubs) {
        WorkerOptions.Builder b = WorkerOptions.builder()
                .domain("d")
                .queues("q")
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
        for (StubCoordinator s : stubs) {
            b.baseUri(s.uri());
        }
        return b;
    }

    GoxWorker start(WorkerOptions.Builder options, PartitionListener listener) {
        GoxWorker worker = GoxWorker.create(options.build(), listener);
        resources.add(0, worker); // closed before the stubs
        return worker.start();
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10));
    }

    /** A URI on which nothing listens. */
    static URI deadUri() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        resources.clear();
    }
}
