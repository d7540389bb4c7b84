package io.goxhelix.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ConstrainedAllocationProperties {

    private static final List<String> ZONES = List.of("a", "b", "c");

    /**
     * A random constrained input, rebuilt from a few numbers: queue count, worker count, whether
     * capacities are bounded, and the seed of everything else (sizes, priorities, weights, labels,
     * pins, current owners).
     */
    record Scenario(int queues, int workers, boolean bounded, long seed) {

        AllocationInput input() {
            var random = new Random(seed);
            var specs = new ArrayList<WorkerSpec>();
            var queueNames = new ArrayList<String>();
            for (int q = 0; q < queues; q++) {
                queueNames.add("q" + q);
            }
            for (int w = 0; w < workers; w++) {
                var serves = new java.util.HashSet<String>();
                queueNames.forEach(name -> {
                    if (random.nextInt(5) > 0) {
                        serves.add(name);
                    }
                });
                var labels = new HashMap<String, String>();
                if (random.nextInt(6) > 0) {
                    labels.put("zone", ZONES.get(random.nextInt(ZONES.size())));
                }
                labels.put("tier", random.nextBoolean() ? "fast" : "slow");
                int max = bounded ? random.nextInt(25) : WorkerSpec.UNBOUNDED;
                specs.add(new WorkerSpec("w" + w, serves, 1 + random.nextInt(4), max, labels));
            }
            var queueSpecs = new ArrayList<QueueSpec>();
            var owners = new HashMap<String, String[]>();
            for (String name : queueNames) {
                int partitions = random.nextInt(60);
                Map<String, String> required = random.nextInt(4) == 0 ? Map.of("tier", "fast") : Map.of();
                String spread = random.nextInt(3) == 0 ? "zone" : "";
                var pins = new HashMap<Integer, String>();
                for (int i = random.nextInt(4); i > 0 && partitions > 0; i--) {
                    pins.put(random.nextInt(partitions + 2), "w" + random.nextInt(workers + 1));
                }
                queueSpecs.add(new QueueSpec(name, partitions, random.nextInt(3) - 1, required, spread, pins));
                String[] current = new String[partitions];
                for (int p = 0; p < partitions; p++) {
                    current[p] = random.nextInt(4) == 0 ? null : "w" + random.nextInt(workers + 1);
                }
                owners.put(name, current);
            }
            return new AllocationInput(queueSpecs, specs, owners);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.of(true, false),
                        Arbitraries.longs())
                .as(Scenario::new);
    }

    @Property
    void ownersAreEligibleAndWithinCapacityAndEveryGapIsCounted(@ForAll("scenarios") Scenario scenario) {
        var input = scenario.input();

        var plan = Allocator.allocate(input);

        var workers = byId(input);
        var totals = new HashMap<String, Integer>();
        for (QueueSpec queue : input.queues()) {
            String[] owners = plan.owners().get(queue.name());
            assertThat(owners).hasSize(queue.partitions());
            int unowned = 0;
            for (String owner : owners) {
                if (owner == null) {
                    unowned++;
                    continue;
                }
                assertThat(eligible(workers.get(owner), queue))
                        .as("%s eligible for %s", owner, queue.name())
                        .isTrue();
                totals.merge(owner, 1, Integer::sum);
            }
            var shortfall = plan.shortfalls().get(queue.name());
            assertThat(shortfall == null ? 0 : shortfall.unassigned())
                    .as("shortfall of %s", queue.name())
                    .isEqualTo(unowned);
        }
        totals.forEach((id, total) -> assertThat(total)
                .as("total of %s", id)
                .isLessThanOrEqualTo(workers.get(id).maxPartitions()));
    }

    @Property
    void aQueueIsShortOfCapacityOnlyWhenItsWorkersAreFullOfQueuesThatComeFirst(@ForAll("scenarios") Scenario scenario) {
        var input = scenario.input();

        var plan = Allocator.allocate(input);

        var priority = new HashMap<String, Integer>();
        input.queues().forEach(q -> priority.put(q.name(), q.priority()));
        var held = holdings(input, plan);
        for (QueueSpec queue : input.queues()) {
            var shortfall = plan.shortfalls().get(queue.name());
            if (shortfall == null || shortfall.reason() != Shortfall.Reason.CAPACITY) {
                continue;
            }
            for (WorkerSpec worker : input.workers()) {
                if (!eligible(worker, queue)) {
                    continue;
                }
                var mine = held.getOrDefault(worker.id(), List.of());
                assertThat(mine).as("%s is full", worker.id()).hasSize(worker.maxPartitions());
                for (Held h : mine) {
                    if (!h.pinned()) {
                        assertThat(priority.get(h.queue()))
                                .as("%s holds %s before %s", worker.id(), h.queue(), queue.name())
                                .isGreaterThanOrEqualTo(queue.priority());
                    }
                }
            }
        }
    }

    @Property
    void aPinIsHonouredUnlessItsWorkerIsIneligibleOrFullOfPins(@ForAll("scenarios") Scenario scenario) {
        var input = scenario.input();

        var plan = Allocator.allocate(input);

        var workers = byId(input);
        var held = holdings(input, plan);
        for (QueueSpec queue : input.queues()) {
            queue.pins().forEach((partition, id) -> {
                var worker = workers.get(id);
                if (partition >= queue.partitions() || worker == null || !eligible(worker, queue)) {
                    return;
                }
                if (!id.equals(plan.owners().get(queue.name())[partition])) {
                    long pins = held.getOrDefault(id, List.of()).stream()
                            .filter(Held::pinned)
                            .count();
                    assertThat(pins)
                            .as("pin %s/%d to %s refused", queue.name(), partition, id)
                            .isEqualTo(worker.maxPartitions());
                }
            });
        }
    }

    @Property
    void unboundedWorkersGetTheFloorOrCeilingOfTheirWeightedShare(@ForAll("scenarios") Scenario scenario) {
        var input = new Scenario(scenario.queues(), scenario.workers(), false, scenario.seed()).input();

        var plan = Allocator.allocate(input);

        var held = holdings(input, plan);
        for (QueueSpec queue : input.queues()) {
            var members =
                    input.workers().stream().filter(w -> eligible(w, queue)).toList();
            long pinned = countPinned(queue, plan, input);
            long n = queue.partitions() - pinned;
            long weights = members.stream().mapToLong(WorkerSpec::weight).sum();
            if (members.isEmpty() || !queue.spreadLabel().isEmpty()) {
                continue;
            }
            for (WorkerSpec worker : members) {
                long got = held.getOrDefault(worker.id(), List.of()).stream()
                        .filter(h -> h.queue().equals(queue.name()) && !h.pinned())
                        .count();
                long floor = n * worker.weight() / weights;
                long ceiling = floor + (n * worker.weight() % weights == 0 ? 0 : 1);
                assertThat(got).as("%s in %s", worker.id(), queue.name()).isBetween(floor, ceiling);
            }
        }
    }

    @Property
    void aSpreadQueueIsEvenAcrossZonesWhenWorkersAreUnbounded(@ForAll("scenarios") Scenario scenario) {
        var input = new Scenario(scenario.queues(), scenario.workers(), false, scenario.seed()).input();

        var plan = Allocator.allocate(input);

        var workers = byId(input);
        for (QueueSpec queue : input.queues()) {
            if (queue.spreadLabel().isEmpty() || !queue.pins().isEmpty()) {
                continue;
            }
            var perZone = new TreeMap<String, Integer>();
            input.workers().stream()
                    .filter(w -> eligible(w, queue))
                    .forEach(w -> perZone.put(w.labels().getOrDefault("zone", ""), 0));
            for (String owner : plan.owners().get(queue.name())) {
                if (owner != null) {
                    perZone.merge(workers.get(owner).labels().getOrDefault("zone", ""), 1, Integer::sum);
                }
            }
            if (!perZone.isEmpty()) {
                int min = perZone.values().stream()
                        .mapToInt(Integer::intValue)
                        .min()
                        .orElseThrow();
                int max = perZone.values().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElseThrow();
                assertThat(max - min)
                        .as("zones of %s: %s", queue.name(), perZone)
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Property
    void aPlanIsStable(@ForAll("scenarios") Scenario scenario) {
        var input = scenario.input();
        var plan = Allocator.allocate(input);

        var again = Allocator.allocate(input.withOwners(plan.owners()));

        assertThat(again).isEqualTo(plan);
        assertThat(again.shortfalls()).isEqualTo(plan.shortfalls());
    }

    @Property
    void prioritiesAndLabelsThatConstrainNothingLeaveTheCountModesPlanAsItIs(
            @ForAll("countModeScenarios") AllocatorProperties.Scenario scenario, @ForAll long seed) {
        var plain = scenario.input();
        var random = new Random(seed);
        var queues = plain.queues().stream()
                .map(q -> new QueueSpec(q.name(), q.partitions(), random.nextInt(5) - 2, Map.of(), "", Map.of()))
                .toList();
        var workers = plain.workers().stream()
                .map(w -> new WorkerSpec(
                        w.id(), w.queues(), 1, WorkerSpec.UNBOUNDED, Map.of("zone", ZONES.get(random.nextInt(3)))))
                .toList();
        var dressed = new AllocationInput(queues, workers, plain.owners());

        var plan = Allocator.allocate(dressed);

        assertThat(Allocator.constrained(dressed)).isFalse();
        assertThat(plan).isEqualTo(Allocator.allocate(plain));
    }

    @Provide
    Arbitrary<AllocatorProperties.Scenario> countModeScenarios() {
        return new AllocatorProperties().scenarios();
    }

    record Held(String queue, boolean pinned) {}

    private static Map<String, List<Held>> holdings(AllocationInput input, AllocationPlan plan) {
        var held = new HashMap<String, List<Held>>();
        for (QueueSpec queue : input.queues()) {
            String[] owners = plan.owners().get(queue.name());
            for (int p = 0; p < owners.length; p++) {
                if (owners[p] != null) {
                    boolean pinned = owners[p].equals(queue.pins().get(p));
                    held.computeIfAbsent(owners[p], id -> new ArrayList<>()).add(new Held(queue.name(), pinned));
                }
            }
        }
        return held;
    }

    private static long countPinned(QueueSpec queue, AllocationPlan plan, AllocationInput input) {
        String[] owners = plan.owners().get(queue.name());
        long pinned = 0;
        for (int p = 0; p < owners.length; p++) {
            if (owners[p] != null && owners[p].equals(queue.pins().get(p))) {
                pinned++;
            }
        }
        return pinned;
    }

    private static Map<String, WorkerSpec> byId(AllocationInput input) {
        var workers = new HashMap<String, WorkerSpec>();
        input.workers().forEach(w -> workers.put(w.id(), w));
        return workers;
    }

    static boolean eligible(WorkerSpec worker, QueueSpec queue) {
        return worker.queues().contains(queue.name())
                && queue.requiredLabels().entrySet().stream()
                        .allMatch(
                                label -> label.getValue().equals(worker.labels().get(label.getKey())));
    }
}
