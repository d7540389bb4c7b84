package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * Grow-only arrays that the per-queue steps of one allocation share, so that a queue allocates
 * nothing once a queue at least as large has been seen, and the one selection they need.
 */
final class Scratch {

    private long[] keys = new long[16];
    private int[] counts = new int[16];

    /** An array of at least {@code size} entries, of no particular content. */
    long[] keys(int size) {
        if (keys.length < size) {
            keys = new long[Math.max(size, 2 * keys.length)];
        }
        return keys;
    }

    /** The {@code k}-th smallest (from 1) of {@code values[0 .. n)}, which it may reorder. */
    long kthSmallest(long[] values, int n, int k) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        if (max - min > 4L * n + 64) {
            Arrays.sort(values, 0, n);
            return values[k - 1];
        }
        // Totals usually lie within a few units of each other: count rather than sort.
        int range = (int) (max - min) + 1;
        if (counts.length < range) {
            counts = new int[Math.max(range, 2 * counts.length)];
        }
        Arrays.fill(counts, 0, range, 0);
        for (int i = 0; i < n; i++) {
            counts[(int) (values[i] - min)]++;
        }
        int seen = 0;
        for (int offset = 0; ; offset++) {
            seen += counts[offset];
            if (seen >= k) {
                return min + offset;
            }
        }
    }
}
