package io.goxhelix.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.ReactiveProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the real service: workers sharing a queue end balanced, and never overlap. */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class ClientIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    private final LoggedClients clients = new LoggedClients();

    @AfterEach
    void closeWorkers() {
        clients.close();
    }

    private GoxWorker worker(String domain, String queue) {
        return clients.start(WorkerOptions.builder()
                .baseUri(base)
                .domain(domain)
                .queues(queue)
                .build());
    }

    /** Balanced in the service's view, and each worker holds exactly what the service says it owns. */
    private static boolean settled(String domain, String queue, int partitions, List<GoxWorker> ws) {
        Map<Integer, String> owners = Cluster.assigned(domain, queue);
        if (!Cluster.balanced(
                owners, partitions, ws.stream().map(GoxWorker::workerId).toList())) {
            return false;
        }
        for (GoxWorker w : ws) {
            Set<Integer> owned = owners.entrySet().stream()
                    .filter(e -> e.getValue().equals(w.workerId()))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            Set<Integer> held = w.currentAssignment().keySet().stream()
                    .map(PartitionRef::partition)
                    .collect(Collectors.toSet());
            if (!owned.equals(held)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void twoWorkersShareAQueueBalancedAndNeverHoldAPartitionTogether() {
        // Given a queue of 10 partitions and one worker holding all of it
        String d = "client-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster.putQueue(d, "food_order", 10);
        GoxWorker first = worker(d, "food_order");
        await().atMost(PATIENCE).until(() -> settled(d, "food_order", 10, List.of(first)));

        // When a second one joins, they end up with 5 each
        GoxWorker second = worker(d, "food_order");
        await().atMost(PATIENCE).until(() -> settled(d, "food_order", 10, List.of(first, second)));
        assertThat(first.currentAssignment()).hasSize(5);
        assertThat(second.currentAssignment()).hasSize(5);
        Set<Integer> all = new HashSet<>();
        first.currentAssignment().keySet().forEach(p -> all.add(p.partition()));
        second.currentAssignment().keySet().forEach(p -> all.add(p.partition()));
        assertThat(all).isEqualTo(IntStream.range(0, 10).boxed().collect(Collectors.toSet()));

        // When the first one leaves, the second gets everything
        first.close();
        assertThat(first.state()).isEqualTo(WorkerState.TERMINATED);
        assertThat(first.currentAssignment()).isEmpty();
        await().atMost(PATIENCE).until(() -> settled(d, "food_order", 10, List.of(second)));

        // And at no time did two workers hold a partition together, epochs growing at each handoff
        clients.log().assertSafe();
        assertThat(clients.log().handoffs()).isGreaterThanOrEqualTo(10);
    }
}
