package io.goxhelix.allocation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A rough single-thread timing of {@link Allocator#allocate}, not a benchmark and not a test: warm
 * up, then print the median of ten runs per scenario, in thread CPU time and in wall time. Run it with the test class path, e.g. {@code
 * java -cp target/classes:target/test-classes io.goxhelix.allocation.AllocatorTiming}.
 */
public final class AllocatorTiming {

    private static final int WARM_UP = 30;
    private static final int RUNS = 10;
    /** CPU time rather than wall time alone: the machines this runs on are often shared. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AllocatorTiming() {}

    public static void main(String[] args) {
        scenario("100 000 partitions (10 queues) over 1 000 workers", 10, 10_000, 1_000);
        scenario("100 000 partitions (100 queues) over 1 000 workers", 100, 1_000, 1_000);
        scenario("1 000 000 partitions (100 queues) over 2 000 workers", 100, 10_000, 2_000);
    }

    private static void scenario(String title, int queueCount, int partitions, int workerCount) {
        System.out.println(title);
        List<QueueSpec> queues = IntStream.range(0, queueCount)
                .mapToObj(q -> new QueueSpec("queue-" + q, partitions))
                .toList();
        Set<String> all = queues.stream().map(QueueSpec::name).collect(Collectors.toSet());
        List<WorkerSpec> workers = IntStream.range(0, workerCount)
                .mapToObj(w -> new WorkerSpec(
                        UUID.nameUUIDFromBytes(new byte[] {(byte) w, (byte) (w >> 8)})
                                .toString(),
                        all))
                .toList();
        var cold = AllocationInput.cold(queues, workers);
        var state = Allocator.allocate(cold);

        var stayers = new ArrayList<>(workers);
        stayers.remove(workerCount / 2);
        var joined = new ArrayList<>(workers);
        joined.add(new WorkerSpec(UUID.randomUUID().toString(), all));

        time("cold", cold);
        time("one leaves", new AllocationInput(queues, stayers, state.owners()));
        time("one joins", new AllocationInput(queues, joined, state.owners()));
        time("nothing changed", cold.withOwners(state.owners()));
        // A store hands back a new string per row: no identity shortcut, no cached hash codes.
        time(
                "one leaves, owners as fresh strings",
                new AllocationInput(queues, stayers, state.owners()),
                input -> input.withOwners(fresh(input.owners())));
    }

    private static void time(String label, AllocationInput input) {
        time(label, input, Function.identity());
    }

    private static void time(String label, AllocationInput input, Function<AllocationInput, AllocationInput> copy) {
        for (int i = 0; i < WARM_UP; i++) {
            Allocator.allocate(copy.apply(input));
        }
        long[] cpu = new long[RUNS];
        long[] wall = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            AllocationInput run = copy.apply(input);
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            Allocator.allocate(run);
            wall[i] = System.nanoTime() - wallStart;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(
                "  %-38s median %7.2f ms CPU (min %7.2f), %7.2f ms wall%n",
                label, cpu[RUNS / 2] / 1e6, cpu[0] / 1e6, wall[RUNS / 2] / 1e6);
    }

    private static Map<String, String[]> fresh(Map<String, String[]> owners) {
        Map<String, String[]> copy = new HashMap<>();
        owners.forEach((queue, ids) -> copy.put(
                queue,
                Arrays.stream(ids).map(id -> id == null ? null : new String(id)).toArray(String[]::new)));
        return copy;
    }
}
