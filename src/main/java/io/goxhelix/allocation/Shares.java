package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * Splits {@code n} partitions among members by weight, within each member's room: the rounding rule
 * of the constrained mode ({@link ConstrainedAllocation}).
 *
 * <p>First the room: members whose exact share {@code n * w / W} exceeds their room get their room,
 * and the rest is split again among the others (water-filling; in ascending order of room per unit
 * of weight, one pass). Every other member then gets the floor of its exact share, and the {@code
 * n - sum(floors)} left over go, one each, to members whose exact share is not a whole number: first
 * to those that already hold more than their floor (each saves a move), then to the lowest running
 * total per unit of weight (total balance across queues), then by the larger fractional part, then in
 * a rotation of the members that the caller chooses (so that ties do not always favour the same
 * member). So every member receives the floor or the ceiling of its exact share after the room is
 * taken into account, and never more than its room.
 *
 * <p>Members are indexed {@code 0 .. k - 1}; the arrays are the caller's and are only read.
 */
final class Shares {

    private Shares() {}

    /**
     * The targets, summing to {@code min(n, sum(room))}.
     *
     * @param weight each member's weight, at least 1
     * @param room the most each member may receive
     * @param held what each member holds of these partitions now (only compared to its floor)
     * @param total each member's running total over the queues split before, for the tie-break
     * @param rotation the member that comes first among otherwise equal ones
     */
    static int[] split(int n, int[] weight, int[] room, int[] held, long[] total, int rotation) {
        int k = weight.length;
        int[] target = new int[k];
        boolean[] capped = new boolean[k];
        long rest = Math.min(n, sum(room));
        long restWeight = waterFill(rest, weight, room, target, capped);
        rest -= sum(target);
        if (restWeight == 0 || rest == 0) {
            return target;
        }
        long[] remainder = new long[k];
        long given = 0;
        for (int i = 0; i < k; i++) {
            if (!capped[i]) {
                long exact = rest * weight[i];
                target[i] = (int) (exact / restWeight);
                remainder[i] = exact % restWeight;
                given += target[i];
            }
        }
        handOutExtras((int) (rest - given), weight, held, total, rotation, target, remainder);
        return target;
    }

    /**
     * Gives every member whose exact share exceeds its room that room, marking it capped; returns
     * the weight of the members left uncapped.
     */
    private static long waterFill(long n, int[] weight, int[] room, int[] target, boolean[] capped) {
        int k = weight.length;
        Integer[] byRoomPerWeight = new Integer[k];
        for (int i = 0; i < k; i++) {
            byRoomPerWeight[i] = i;
        }
        Arrays.sort(byRoomPerWeight, (a, b) -> Long.compare((long) room[a] * weight[b], (long) room[b] * weight[a]));
        long rest = n;
        long restWeight = sum(weight);
        for (int i : byRoomPerWeight) {
            // room / weight < rest / restWeight, in integers.
            if ((long) room[i] * restWeight >= rest * weight[i]) {
                break;
            }
            target[i] = room[i];
            capped[i] = true;
            rest -= room[i];
            restWeight -= weight[i];
        }
        return restWeight;
    }

    private static void handOutExtras(
            int extras, int[] weight, int[] held, long[] total, int rotation, int[] target, long[] remainder) {
        int k = weight.length;
        Integer[] candidates = new Integer[k];
        int count = 0;
        for (int i = 0; i < k; i++) {
            if (remainder[i] > 0) {
                candidates[count++] = i;
            }
        }
        Arrays.sort(candidates, 0, count, (a, b) -> {
            boolean savesA = held[a] > target[a];
            boolean savesB = held[b] > target[b];
            if (savesA != savesB) {
                return savesA ? -1 : 1;
            }
            // (total + target) / weight, compared without division.
            int byTotal = Long.compare((total[a] + target[a]) * weight[b], (total[b] + target[b]) * weight[a]);
            if (byTotal != 0) {
                return byTotal;
            }
            int byRemainder = Long.compare(remainder[b], remainder[a]);
            return byRemainder != 0 ? byRemainder : Integer.compare(rotated(a, rotation, k), rotated(b, rotation, k));
        });
        for (int e = 0; e < extras; e++) {
            target[candidates[e]]++;
        }
    }

    private static int rotated(int i, int rotation, int k) {
        return Math.floorMod(i - rotation, k);
    }

    private static long sum(int[] values) {
        long sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum;
    }
}
