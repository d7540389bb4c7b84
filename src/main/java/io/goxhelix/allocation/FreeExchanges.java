package io.goxhelix.allocation;

import java.util.Arrays;

/**
 * Evens out totals as far as that costs no move (goal 3 within goal 4 of {@link Allocator}): passes
 * extras, within a queue, from a worker to one whose total is lower by two or more, from a preferred
 * worker to a preferred one or from a worker that is not preferred to another that is not. Either
 * exchange keeps the moves of the queue as they are. (A queue never has both a non-preferred holder
 * of an extra and a preferred worker without one: {@link ExtraGrants} serves preferred workers first,
 * and these exchanges keep it so.)
 */
final class FreeExchanges {

    private final Quotas quotas;
    private final Scratch scratch;
    private final int queues;
    private final int[] queueStart;
    private final int[] edgeWorker;

    FreeExchanges(ServingIndex serving, Quotas quotas, Scratch scratch) {
        this.quotas = quotas;
        this.scratch = scratch;
        queues = serving.queueCount();
        queueStart = serving.queueStart();
        edgeWorker = serving.edgeWorker();
    }

    /** Sweeps over the queues with extras until a sweep passes none. */
    void exchangeUntilNone() {
        boolean exchanged = true;
        while (exchanged) {
            exchanged = false;
            for (int q = 0; q < queues; q++) {
                if (quotas.extras(q) > 0) {
                    exchanged |= exchangeWithinQueue(q);
                }
            }
        }
    }

    /** Passes what extras of queue {@code q} it can for free; returns whether it passed any. */
    private boolean exchangeWithinQueue(int q) {
        int from = queueStart[q];
        int servers = queueStart[q + 1] - from;
        // Most queues have nothing to exchange: find out before sorting anything.
        int[] highestGiver = {Integer.MIN_VALUE, Integer.MIN_VALUE};
        int[] lowestTaker = {Integer.MAX_VALUE, Integer.MAX_VALUE};
        for (int e = from; e < from + servers; e++) {
            int kind = quotas.preferred(e) ? 1 : 0;
            if (quotas.hasExtra(e)) {
                highestGiver[kind] = Math.max(highestGiver[kind], quotas.total(edgeWorker[e]));
            } else {
                lowestTaker[kind] = Math.min(lowestTaker[kind], quotas.total(edgeWorker[e]));
            }
        }
        boolean passed = false;
        for (int kind = 0; kind < 2; kind++) {
            if (lowestTaker[kind] != Integer.MAX_VALUE && highestGiver[kind] >= lowestTaker[kind] + 2) {
                passed |= exchangeWithinQueue(q, kind == 1);
            }
        }
        return passed;
    }

    /**
     * Pairs the holders of an extra with the highest totals with the workers without one with the
     * lowest, all preferred or all not, while they differ by two or more; each pair passes one extra.
     */
    private boolean exchangeWithinQueue(int q, boolean preferred) {
        int from = queueStart[q];
        int servers = queueStart[q + 1] - from;
        long[] sorted = scratch.keys(servers);
        int givers = 0;
        int takers = servers;
        // Givers fill the front, takers the back; each sorted by total, then position.
        for (int pos = 0; pos < servers; pos++) {
            int e = from + pos;
            if (quotas.preferred(e) == preferred) {
                long key = (long) quotas.total(edgeWorker[e]) << 32 | pos;
                if (quotas.hasExtra(e)) {
                    sorted[givers++] = key;
                } else {
                    sorted[--takers] = key;
                }
            }
        }
        Arrays.sort(sorted, 0, givers);
        Arrays.sort(sorted, takers, servers);
        int pairs = 0;
        while (pairs < givers && takers + pairs < servers) {
            long giver = sorted[givers - 1 - pairs];
            long taker = sorted[takers + pairs];
            if ((giver >>> 32) < (taker >>> 32) + 2) {
                break;
            }
            quotas.move(from + (int) giver, from + (int) taker);
            pairs++;
        }
        return pairs > 0;
    }
}
