package io.goxhelix.allocation;

/**
 * Per-queue balance at the fewest moves of each queue (goals 2 and 4 of {@link Allocator}): grants
 * every queue exactly its extras, to preferred workers first.
 *
 * <ol>
 *   <li>Where a queue has no more preferred workers than extras, all of them get one (these grants
 *       go first, so that the running totals the other grants compare already count them, whatever
 *       the queue order).
 *   <li>Where it has more, the extras go to the preferred workers with the lowest running totals.
 *   <li>Extras still unassigned go to the other workers with the lowest running totals.
 * </ol>
 *
 * Equal totals are taken in an order rotated by the queue's name, so that many small queues do not
 * all favour the lowest worker ids. One-shot: {@link #grantAll} once per allocation.
 */
final class ExtraGrants {

    private final ServingIndex serving;
    private final Quotas quotas;
    private final Scratch scratch;
    private final int[] queueStart;
    private final int[] edgeWorker;

    ExtraGrants(ServingIndex serving, Quotas quotas, Scratch scratch) {
        this.serving = serving;
        this.quotas = quotas;
        this.scratch = scratch;
        queueStart = serving.queueStart();
        edgeWorker = serving.edgeWorker();
    }

    void grantAll() {
        int queues = serving.queueCount();
        int[] unassigned = new int[queues];
        boolean[] contested = new boolean[queues];
        for (int q = 0; q < queues; q++) {
            if (quotas.extras(q) == 0) {
                continue;
            }
            int preferred = countPreferred(q);
            if (preferred > quotas.extras(q)) {
                contested[q] = true;
                continue;
            }
            grantAllPreferred(q);
            unassigned[q] = quotas.extras(q) - preferred;
        }
        for (int q = 0; q < queues; q++) {
            if (contested[q]) {
                grantToLowestTotals(q, quotas.extras(q), true);
            }
        }
        for (int q = 0; q < queues; q++) {
            if (unassigned[q] > 0) {
                grantToLowestTotals(q, unassigned[q], false);
            }
        }
    }

    private int countPreferred(int q) {
        int preferred = 0;
        for (int e = queueStart[q]; e < queueStart[q + 1]; e++) {
            if (quotas.preferred(e)) {
                preferred++;
            }
        }
        return preferred;
    }

    private void grantAllPreferred(int q) {
        for (int e = queueStart[q]; e < queueStart[q + 1]; e++) {
            if (quotas.preferred(e)) {
                quotas.grant(e);
            }
        }
    }

    /**
     * Grants {@code count} extras of queue {@code q} to the workers without one, preferred or not as
     * asked, with the lowest totals.
     */
    private void grantToLowestTotals(int q, int count, boolean preferred) {
        int from = queueStart[q];
        int servers = queueStart[q + 1] - from;
        int rotation = rotation(q, servers);
        long[] candidates = scratch.keys(servers);
        int n = 0;
        for (int e = from; e < from + servers; e++) {
            if (!quotas.hasExtra(e) && quotas.preferred(e) == preferred) {
                candidates[n++] = quotas.total(edgeWorker[e]);
            }
        }
        int threshold = (int) scratch.kthSmallest(candidates, n, count);
        int granted = grantInRotation(q, rotation, count, preferred, threshold, false);
        // Those granted above hold an extra now, so only the ties are left to match.
        grantInRotation(q, rotation, count - granted, preferred, threshold, true);
    }

    /**
     * Grants up to {@code count} extras to the workers below {@code threshold} (at it, when {@code
     * at}), from the rotation on; returns how many.
     */
    private int grantInRotation(int q, int rotation, int count, boolean preferred, int threshold, boolean at) {
        int from = queueStart[q];
        int to = queueStart[q + 1];
        int e = from + rotation;
        int granted = 0;
        for (int i = from; i < to && granted < count; i++) {
            int t = quotas.total(edgeWorker[e]);
            if (!quotas.hasExtra(e) && quotas.preferred(e) == preferred && (at ? t == threshold : t < threshold)) {
                quotas.grant(e);
                granted++;
            }
            e = e + 1 == to ? from : e + 1;
        }
        return granted;
    }

    /** Where queue {@code q}'s ties start: a position derived from its name alone. */
    private int rotation(int q, int servers) {
        int hash = serving.queues()[q].name().hashCode() * 0x9E3779B9;
        return Math.floorMod(hash ^ (hash >>> 16), servers);
    }
}
