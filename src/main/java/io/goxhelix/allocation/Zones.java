package io.goxhelix.allocation;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * The members of one queue grouped by the value of its spread label (a worker without the label is
 * in a zone of its own, the empty value): the partitions are first split evenly among the zones,
 * each zone taking at most what its members have room for, then within each zone by weight. So the
 * zones' counts differ by at most one unless a zone is full, whatever the zones' sizes and weights.
 */
final class Zones {

    /** Per member position, its zone. */
    private final int[] zoneOf;

    private final int count;

    private Zones(int[] zoneOf, int count) {
        this.zoneOf = zoneOf;
        this.count = count;
    }

    static Zones of(String label, int[] members, WorkerSpec[] workers) {
        var zoneNumbers = new TreeMap<String, Integer>();
        for (int worker : members) {
            zoneNumbers.put(workers[worker].labels().getOrDefault(label, ""), 0);
        }
        int next = 0;
        for (var entry : zoneNumbers.entrySet()) {
            entry.setValue(next++);
        }
        int[] zoneOf = new int[members.length];
        for (int pos = 0; pos < members.length; pos++) {
            zoneOf[pos] = zoneNumbers.get(workers[members[pos]].labels().getOrDefault(label, ""));
        }
        return new Zones(zoneOf, zoneNumbers.size());
    }

    /** {@link Shares#split} over the zones, then within each; same arguments, same result's shape. */
    int[] split(int n, int[] weight, int[] room, int[] held, long[] total, int rotation) {
        int[] zoneRoom = new int[count];
        int[] zoneHeld = new int[count];
        for (int pos = 0; pos < zoneOf.length; pos++) {
            zoneRoom[zoneOf[pos]] = (int) Math.min(n, (long) zoneRoom[zoneOf[pos]] + room[pos]);
            zoneHeld[zoneOf[pos]] += held[pos];
        }
        int[] ones = new int[count];
        Arrays.fill(ones, 1);
        int[] zoneTarget = Shares.split(n, ones, zoneRoom, zoneHeld, new long[count], rotation % count);
        int[] target = new int[zoneOf.length];
        for (int zone = 0; zone < count; zone++) {
            splitWithin(zone, zoneTarget[zone], weight, room, held, total, rotation, target);
        }
        return target;
    }

    private void splitWithin(
            int zone, int n, int[] weight, int[] room, int[] held, long[] total, int rotation, int[] target) {
        int[] positions = new int[zoneOf.length];
        int size = 0;
        for (int pos = 0; pos < zoneOf.length; pos++) {
            if (zoneOf[pos] == zone) {
                positions[size++] = pos;
            }
        }
        int[] w = new int[size];
        int[] r = new int[size];
        int[] h = new int[size];
        long[] t = new long[size];
        for (int j = 0; j < size; j++) {
            w[j] = weight[positions[j]];
            r[j] = room[positions[j]];
            h[j] = held[positions[j]];
            t[j] = total[positions[j]];
        }
        int[] share = Shares.split(n, w, r, h, t, rotation % size);
        for (int j = 0; j < size; j++) {
            target[positions[j]] = share[j];
        }
    }
}
