package io.goxhelix.bench;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.Allocator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.coordinator.group.api.assignor.GroupSpec;
import org.apache.kafka.coordinator.group.api.assignor.SubscribedTopicDescriber;
import org.apache.kafka.coordinator.group.assignor.UniformAssignor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our {@link Allocator} against Kafka's server-side {@link UniformAssignor} (the default assignor of
 * the consumer group protocol), on the same inputs in the same run. Every scenario is homogeneous:
 * all workers serve all queues, as all members of a Kafka group subscribe to the same topics. The
 * inputs are built once per trial, so only the assignment is timed; each implementation returns its
 * own native result (our plan of owner arrays, Kafka's per-member sets), which is part of the time.
 *
 * <p>Each trial is one fork, with a fixed 4 GiB heap and the JVM's default collector (G1); the
 * scenario parameter varies slowest, so the two implementations of a scenario run back to back on
 * this shared machine. More JVM options: {@code -jvmArgsAppend}, e.g. {@code -XX:+UseParallelGC}.
 *
 * <p>The leave scenarios start from the same balanced state for both: our plan of the matching cold
 * scenario, without the middle worker. Kafka gets it as the members' current assignments and the
 * inverted assignment of the members' partitions; the leaver's partitions are unassigned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class AllocationBenchmark {

    /** Queues x partitions per queue over workers; cold (nothing owned) or one worker leaving. */
    public enum Scenario {
        COLD_10x10000_W1000(10, 10_000, 1_000, false),
        COLD_1x100000_W1000(1, 100_000, 1_000, false),
        LEAVE_10x10000_W1000(10, 10_000, 1_000, true),
        LEAVE_1x100000_W1000(1, 100_000, 1_000, true),
        COLD_100x10000_W2000(100, 10_000, 2_000, false);

        final int queues;
        final int partitionsPerQueue;
        final int workers;
        final boolean leave;

        Scenario(int queues, int partitionsPerQueue, int workers, boolean leave) {
            this.queues = queues;
            this.partitionsPerQueue = partitionsPerQueue;
            this.workers = workers;
            this.leave = leave;
        }
    }

    /** Which implementation; a parameter rather than two methods so that each scenario's pair runs back to back. */
    public enum Subject {
        GOX_HELIX,
        /** Ours in the constrained mode ({@link Workload#constrained}): weights, capacities, priorities, labels, spread. */
        GOX_HELIX_CONSTRAINED,
        KAFKA_UNIFORM
    }

    @Param
    public Scenario scenario;

    @Param
    public Subject subject;

    private AllocationInput ours;
    private AllocationInput constrained;
    private GroupSpec kafka;
    private SubscribedTopicDescriber topics;
    private final UniformAssignor uniform = new UniformAssignor();

    @Setup(Level.Trial)
    public void setUp() {
        var workload = new Workload(scenario.queues, scenario.partitionsPerQueue, scenario.workers);
        topics = workload.topics;
        List<String> members = workload.workerIds;
        Map<String, String[]> current = Map.of();
        if (scenario.leave) {
            current = Allocator.allocate(workload.ours(members, Map.of())).owners();
            members = workload.stayers();
        }
        ours = workload.ours(members, current);
        kafka = workload.kafka(members, current);
        // Both must assign every partition to a member, or the comparison means nothing.
        workload.checkComplete(Allocator.allocate(ours).owners(), members);
        workload.checkComplete(workload.owners(uniform.assign(kafka, topics)), members);
        // Only in its own trials: a leave's setup runs a constrained allocation, which in the other
        // subjects' trials would profile the allocator's other mode before the measured one.
        if (subject == Subject.GOX_HELIX_CONSTRAINED) {
            constrained = constrainedInput(workload, members);
        }
    }

    private AllocationInput constrainedInput(Workload workload, List<String> members) {
        Map<String, String[]> current = Map.of();
        if (scenario.leave) {
            current = Allocator.allocate(workload.constrained(workload.workerIds, Map.of()))
                    .owners();
        }
        return workload.constrained(members, current);
    }

    @Benchmark
    public void assign(Blackhole blackhole) {
        if (subject == Subject.GOX_HELIX) {
            blackhole.consume(Allocator.allocate(ours));
        } else if (subject == Subject.GOX_HELIX_CONSTRAINED) {
            blackhole.consume(Allocator.allocate(constrained));
        } else {
            blackhole.consume(uniform.assign(kafka, topics));
        }
    }
}
