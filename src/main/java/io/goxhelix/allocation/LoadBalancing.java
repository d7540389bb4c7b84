package io.goxhelix.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One call of {@link LoadBalancer}: repair, then moves toward the band. */
final class LoadBalancing {

    private final LoadBalancer.LoadInput input;
    private final LoadBalancer.Settings settings;
    private final WorkerSpec[] workers;
    private final IdIndex index;
    private final QueueSpec[] queues;
    private final double[] share;
    private final double[] load;
    private final int[] count;
    /** Per queue and partition: owner index or -1. */
    private final int[][] owner;
    /** Per queue: each worker's eligibility, and for a spread queue its zone value. */
    private final boolean[][] eligible;

    private final double presumed;

    LoadBalancing(LoadBalancer.LoadInput input, LoadBalancer.Settings settings) {
        this.input = input;
        this.settings = settings;
        workers = input.allocation().workers().toArray(WorkerSpec[]::new);
        Arrays.sort(workers, Comparator.comparing(WorkerSpec::id));
        index = new IdIndex(Arrays.stream(workers).map(WorkerSpec::id).toArray(String[]::new));
        queues = input.allocation().queues().toArray(QueueSpec[]::new);
        Arrays.sort(queues, Comparator.comparing(QueueSpec::name));
        share = new double[workers.length];
        load = new double[workers.length];
        count = new int[workers.length];
        owner = new int[queues.length][];
        eligible = new boolean[queues.length][workers.length];
        presumed = presumedLoad(input);
    }

    static double presumedLoad(LoadBalancer.LoadInput input) {
        double sum = 0;
        long n = 0;
        for (double[] loads : input.loads().values()) {
            for (double l : loads) {
                if (!Double.isNaN(l)) {
                    sum += l;
                    n++;
                }
            }
        }
        return n == 0 ? 1.0 : sum / n;
    }

    private double loadOf(int q, int p) {
        double[] loads = input.loads().get(queues[q].name());
        return loads != null && p < loads.length && !Double.isNaN(loads[p]) ? loads[p] : presumed;
    }

    AllocationPlan run() {
        keepValidOwners();
        placeTheRest();
        computeShares();
        int moves = 0;
        while (moves < settings.maxMoves() && moveOne()) {
            moves++;
        }
        return plan();
    }

    private void keepValidOwners() {
        for (int q = 0; q < queues.length; q++) {
            for (int w = 0; w < workers.length; w++) {
                eligible[q][w] = ConstrainedEligibility.eligible(workers[w], queues[q]);
            }
            owner[q] = new int[queues[q].partitions()];
            Arrays.fill(owner[q], -1);
            String[] now = input.allocation().owners().get(queues[q].name());
            for (int p = 0; p < owner[q].length; p++) {
                String pin = queues[q].pins().get(p);
                int w = pin != null ? index.find(pin) : -1;
                if (w < 0 || !eligible[q][w] || count[w] >= workers[w].maxPartitions()) {
                    w = now != null && p < now.length && now[p] != null ? index.find(now[p]) : -1;
                }
                if (w >= 0 && eligible[q][w] && count[w] < workers[w].maxPartitions()) {
                    take(q, p, w);
                }
            }
        }
    }

    /** Free and invalidly owned partitions, heaviest first, each to the relatively least loaded worker. */
    private void placeTheRest() {
        computeShares();
        List<int[]> free = new ArrayList<>();
        for (int q = 0; q < queues.length; q++) {
            for (int p = 0; p < owner[q].length; p++) {
                if (owner[q][p] < 0) {
                    free.add(new int[] {q, p});
                }
            }
        }
        free.sort(Comparator.comparingDouble((int[] f) -> -loadOf(f[0], f[1])));
        for (int[] f : free) {
            int best = -1;
            for (int w = 0; w < workers.length; w++) {
                if (eligible[f[0]][w]
                        && count[w] < workers[w].maxPartitions()
                        && (best < 0 || relative(w) < relative(best))) {
                    best = w;
                }
            }
            if (best >= 0) {
                take(f[0], f[1], best);
            }
        }
    }

    private void take(int q, int p, int w) {
        owner[q][p] = w;
        load[w] += loadOf(q, p);
        count[w]++;
    }

    private void computeShares() {
        double total = 0;
        for (int q = 0; q < queues.length; q++) {
            for (int p = 0; p < queues[q].partitions(); p++) {
                total += loadOf(q, p);
            }
        }
        long weights = 0;
        for (WorkerSpec w : workers) {
            weights += w.weight();
        }
        for (int w = 0; w < workers.length; w++) {
            share[w] = weights == 0 ? 0 : total * workers[w].weight() / weights;
        }
    }

    private double relative(int w) {
        return share[w] == 0 ? (load[w] == 0 ? 0 : Double.MAX_VALUE) : load[w] / share[w];
    }

    /** One move from the most overloaded worker, if it lowers the pair's larger relative load. */
    private boolean moveOne() {
        int giver = -1;
        for (int w = 0; w < workers.length; w++) {
            if (giver < 0 || relative(w) > relative(giver)) {
                giver = w;
            }
        }
        if (giver < 0 || relative(giver) <= 1 + settings.tolerance()) {
            return false;
        }
        Move best = bestMove(giver, false);
        if (best == null) {
            best = bestMove(giver, true);
        }
        if (best == null) {
            return false;
        }
        double moved = loadOf(best.queue, best.partition);
        load[giver] -= moved;
        count[giver]--;
        take(best.queue, best.partition, best.receiver);
        long[] last = input.lastMoved().get(queues[best.queue].name());
        if (last != null && best.partition < last.length) {
            last[best.partition] = input.round();
        }
        return true;
    }

    private record Move(int queue, int partition, int receiver, double after) {}

    private Move bestMove(int giver, boolean recentToo) {
        Move best = null;
        double before = relative(giver);
        for (int q = 0; q < queues.length; q++) {
            for (int p = 0; p < owner[q].length; p++) {
                if (owner[q][p] != giver || queues[q].pins().containsKey(p) || recent(q, p) != recentToo) {
                    continue;
                }
                Move m = bestReceiver(q, p, giver);
                if (m != null && m.after < before && (best == null || m.after < best.after)) {
                    best = m;
                }
            }
        }
        return best;
    }

    private Move bestReceiver(int q, int p, int giver) {
        double l = loadOf(q, p);
        String zone = queues[q].spreadLabel().isEmpty() ? null : zoneOf(giver, q);
        Move best = null;
        for (int w = 0; w < workers.length; w++) {
            if (w == giver || !eligible[q][w] || count[w] >= workers[w].maxPartitions()) {
                continue;
            }
            if (zone != null && !zone.equals(zoneOf(w, q))) {
                continue;
            }
            double after = Math.max(
                    (load[giver] - l) / share[giver], share[w] == 0 ? Double.MAX_VALUE : (load[w] + l) / share[w]);
            if (best == null || after < best.after) {
                best = new Move(q, p, w, after);
            }
        }
        return best;
    }

    private String zoneOf(int w, int q) {
        return workers[w].labels().getOrDefault(queues[q].spreadLabel(), "");
    }

    private boolean recent(int q, int p) {
        long[] last = input.lastMoved().get(queues[q].name());
        return last != null && p < last.length && input.round() - last[p] < settings.cooldownRounds();
    }

    private AllocationPlan plan() {
        Map<String, String[]> owners = new TreeMap<>();
        Map<String, Shortfall> shortfalls = new TreeMap<>();
        for (int q = 0; q < queues.length; q++) {
            String[] target = new String[owner[q].length];
            int unowned = 0;
            for (int p = 0; p < target.length; p++) {
                target[p] = owner[q][p] < 0 ? null : workers[owner[q][p]].id();
                unowned += owner[q][p] < 0 ? 1 : 0;
            }
            owners.put(queues[q].name(), target);
            if (unowned > 0) {
                shortfalls.put(
                        queues[q].name(), new Shortfall(unowned, ConstrainedEligibility.reason(queues[q], workers)));
            }
        }
        return new AllocationPlan(owners, shortfalls);
    }
}
