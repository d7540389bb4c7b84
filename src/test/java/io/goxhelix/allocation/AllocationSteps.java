package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The parts of one allocation built from an input, for the tests of each part: the index, the
 * current holdings and fresh quotas, with lookups by name and the moves the quotas imply.
 */
record AllocationSteps(ServingIndex serving, CurrentHoldings holdings, Quotas quotas, Scratch scratch) {

    static AllocationSteps of(AllocationInput input) {
        var serving = ServingIndex.of(input);
        var holdings = CurrentHoldings.read(input, serving);
        return new AllocationSteps(serving, holdings, new Quotas(serving, holdings), new Scratch());
    }

    static QueueSpec queue(String name, int partitions) {
        return new QueueSpec(name, partitions);
    }

    static WorkerSpec worker(String id, String... queues) {
        return new WorkerSpec(id, Set.of(queues));
    }

    /** An input from queues, workers and owner arrays given as name, owners, name, owners... */
    static AllocationInput input(List<QueueSpec> queues, List<WorkerSpec> workers, Object... owners) {
        Map<String, String[]> current = new HashMap<>();
        for (int i = 0; i < owners.length; i += 2) {
            current.put((String) owners[i], (String[]) owners[i + 1]);
        }
        return new AllocationInput(queues, workers, current);
    }

    /** Random inputs as in {@link AllocatorProperties}, the homogeneous ones only when asked. */
    static Arbitrary<AllocatorProperties.Scenario> scenarios(boolean homogeneousOnly) {
        return Combinators.combine(
                        Arbitraries.integers()
                                .between(0, 60)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(6),
                        Arbitraries.integers().between(1, 12),
                        homogeneousOnly ? Arbitraries.just(true) : Arbitraries.of(true, false),
                        Arbitraries.longs())
                .as(AllocatorProperties.Scenario::new);
    }

    int queueIndex(String name) {
        QueueSpec[] queues = serving.queues();
        for (int q = 0; q < queues.length; q++) {
            if (queues[q].name().equals(name)) {
                return q;
            }
        }
        throw new IllegalArgumentException("no queue " + name);
    }

    int workerIndex(String id) {
        int w = Arrays.asList(serving.workerIds()).indexOf(id);
        if (w < 0) {
            throw new IllegalArgumentException("no worker " + id);
        }
        return w;
    }

    /** The edge of queue {@code queue} and worker {@code worker}. */
    int edge(String queue, String worker) {
        int q = queueIndex(queue);
        int w = workerIndex(worker);
        for (int e = serving.queueStart()[q]; e < serving.queueStart()[q + 1]; e++) {
            if (serving.edgeWorker()[e] == w) {
                return e;
            }
        }
        throw new IllegalArgumentException(worker + " does not serve " + queue);
    }

    int total(String worker) {
        return quotas.total(workerIndex(worker));
    }

    /** The edges of queue {@code q} that match. */
    int count(int q, Predicate<Integer> edge) {
        int count = 0;
        for (int e = serving.queueStart()[q]; e < serving.queueStart()[q + 1]; e++) {
            count += edge.test(e) ? 1 : 0;
        }
        return count;
    }

    /** The moves the quotas imply: every worker keeps what it holds up to its quota. */
    int moves() {
        int moves = 0;
        for (int e = 0; e < serving.edgeCount(); e++) {
            moves += Math.max(0, holdings.held(e) - quotas.quota(e));
        }
        return moves;
    }

    void grantExtras() {
        new ExtraGrants(serving, quotas, scratch).grantAll();
    }

    void exchangeForFree() {
        new FreeExchanges(serving, quotas, scratch).exchangeUntilNone();
    }
}
