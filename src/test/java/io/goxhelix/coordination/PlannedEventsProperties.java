package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random histories of joins (of three versions), leaves, drains, cordons and freezes: no round grants
 * a partition another worker is entitled to, none grants to a worker that may not receive, none of a
 * frozen domain revokes for balance, no more drains run than the budget allows; and once the events
 * stop (freeze over, cordons lifted, one version), every drain ends DRAINED and every partition is
 * held by a receiving worker.
 */
class PlannedEventsProperties {

    private static final int WORKERS = 5;
    private static final List<String> VERSIONS = List.of("1.0", "1.1", "2.0-rc1");

    enum Kind {
        JOIN,
        LEAVE,
        DRAIN,
        CORDON,
        UNCORDON,
        FREEZE,
        THAW,
        ROUND
    }

    record Step(Kind kind, int a, int b) {
        @Override
        public String toString() {
            return kind + "(" + a + ", " + b + ")";
        }
    }

    private static String worker(int a) {
        return "w" + (a % WORKERS) + "000000-0000-0000-0000-000000000000";
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(5, Kind.JOIN),
                Tuple.of(2, Kind.LEAVE),
                Tuple.of(3, Kind.DRAIN),
                Tuple.of(2, Kind.CORDON),
                Tuple.of(1, Kind.UNCORDON),
                Tuple.of(1, Kind.FREEZE),
                Tuple.of(1, Kind.THAW),
                Tuple.of(8, Kind.ROUND));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 11);
        return Combinators.combine(kind, pick, pick).as(Step::new).list().ofMaxSize(60);
    }

    @Property
    void plannedEventsNeverBreakOwnershipOrTheBudgetAndComeToRest(
            @ForAll("histories") List<Step> history, @ForAll("budgets") int budget) {
        PlannedDomain d = new PlannedDomain(12, budget);
        List<String> trace = new ArrayList<>();
        for (Step step : history) {
            apply(d, step);
            trace.add(step.toString());
            assertThat(d.violations).as("after %s", trace).isEmpty();
            assertThat(d.maxDraining).as("after %s", trace).isLessThanOrEqualTo(budget);
        }
        // The events stop: the freeze ends, cordons are lifted, everyone runs the same version.
        d.frozen = false;
        for (WorkerRow w : List.copyOf(d.workers.values())) {
            if (w.live()) {
                d.cordon(w.id(), false);
                WorkerRow c = d.workers.get(w.id());
                d.workers.put(
                        w.id(),
                        WorkerRow.builder(c.id(), c.queues())
                                .versions(c.version(), c.ackedVersion())
                                .drain(c.drain())
                                .appVersion("3")
                                .build());
            }
        }
        d.settle();
        assertThat(d.violations).as("after %s", trace).isEmpty();
        assertThat(d.modes().values())
                .as("after %s", trace)
                .doesNotContain(WorkerMode.DRAINING, WorkerMode.DRAIN_QUEUED);
        boolean anyReceiving = d.modes().containsValue(WorkerMode.ACTIVE);
        long assigned = d.counts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(assigned).as("after %s", trace).isEqualTo(anyReceiving ? 12 : 0);
        d.counts().keySet().forEach(owner -> assertThat(d.modes().get(owner)).isEqualTo(WorkerMode.ACTIVE));
    }

    @Provide
    Arbitrary<Integer> budgets() {
        return Arbitraries.integers().between(1, 3);
    }

    private static void apply(PlannedDomain d, Step s) {
        String id = worker(s.a());
        WorkerRow w = d.workers.get(id);
        boolean live = w != null && w.live();
        switch (s.kind()) {
            case JOIN -> {
                if (!live) {
                    d.join(id, VERSIONS.get(s.b() % VERSIONS.size()));
                }
            }
            case LEAVE -> {
                if (live) {
                    d.leave(id);
                }
            }
            case DRAIN -> {
                if (live) {
                    d.drain(id);
                }
            }
            case CORDON, UNCORDON -> {
                if (live) {
                    d.cordon(id, s.kind() == Kind.CORDON);
                }
            }
            case FREEZE -> d.frozen = true;
            case THAW -> d.frozen = false;
            case ROUND -> d.round();
        }
    }
}
