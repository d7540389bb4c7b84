package io.goxhelix.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Min-cost flow by successive shortest paths (Bellman-Ford), one unit at a time. */
final class MinCostFlow {

    private final List<int[]> arcs = new ArrayList<>();
    private final List<List<Integer>> out = new ArrayList<>();

    MinCostFlow(int nodes) {
        for (int i = 0; i < nodes; i++) {
            out.add(new ArrayList<>());
        }
    }

    /** An arc and its residual twin, {to, capacity, cost} each, at indices i and i ^ 1. */
    void arc(int from, int to, int capacity, int cost) {
        out.get(from).add(arcs.size());
        arcs.add(new int[] {to, capacity, cost});
        out.get(to).add(arcs.size());
        arcs.add(new int[] {from, 0, -cost});
    }

    /** The cost of sending {@code amount} units, or empty when they do not fit. */
    OptionalInt minCostFlow(int source, int sink, int amount) {
        int nodes = out.size();
        int cost = 0;
        for (int unit = 0; unit < amount; unit++) {
            int[] distance = new int[nodes];
            int[] through = new int[nodes];
            Arrays.fill(distance, Integer.MAX_VALUE);
            distance[source] = 0;
            for (int round = 0; round < nodes; round++) {
                boolean changed = false;
                for (int node = 0; node < nodes; node++) {
                    if (distance[node] == Integer.MAX_VALUE) {
                        continue;
                    }
                    for (int a : out.get(node)) {
                        int[] arc = arcs.get(a);
                        if (arc[1] > 0 && distance[node] + arc[2] < distance[arc[0]]) {
                            distance[arc[0]] = distance[node] + arc[2];
                            through[arc[0]] = a;
                            changed = true;
                        }
                    }
                }
                if (!changed) {
                    break;
                }
            }
            if (distance[sink] == Integer.MAX_VALUE) {
                return OptionalInt.empty();
            }
            for (int node = sink; node != source; node = arcs.get(through[node] ^ 1)[0]) {
                arcs.get(through[node])[1]--;
                arcs.get(through[node] ^ 1)[1]++;
            }
            cost += distance[sink];
        }
        return OptionalInt.of(cost);
    }
}
