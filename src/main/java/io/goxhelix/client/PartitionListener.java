package io.goxhelix.client;

import java.util.Set;

/**
 * What the application is told about its partitions. One worker calls its listener from one dedicated
 * thread, in order, never concurrently: a callback starts only after the previous one returned.
 *
 * <p>A revocation is acknowledged to the service only after {@link #onRevoked} has returned, and it is
 * that acknowledgement which lets the service hand the partitions to another worker. So return from
 * {@code onRevoked} only once work on those partitions has stopped (no write of the partition may
 * happen after it returns), and keep it short: while it runs no other callback is delivered.
 *
 * <p>The worker may stop holding partitions locally at any moment (a newer assignment was announced,
 * the lease could not be renewed, {@link GoxWorker#close()}), so {@link GoxWorker#isHolding} and
 * {@link GoxWorker#epochOf} can turn false a little before the matching {@code onRevoked} runs: check
 * them when the cost of a stale write matters. A callback that throws is logged and counts as returned.
 */
public interface PartitionListener {

    /** These partitions may now be worked on, each under the epoch of its grant. Never empty. */
    void onAssigned(Set<AssignedPartition> partitions);

    /** Stop working on these partitions before returning. Never empty. */
    void onRevoked(Set<PartitionRef> partitions);

    /**
     * The worker could not renew its lease in time: it stopped holding everything locally (what it held
     * was revoked through {@link #onRevoked} just before), before the service could give the partitions
     * to anyone else. It keeps heartbeating, and partitions come back through {@link #onAssigned} once
     * the service answers again.
     */
    default void onLeaseLost() {}

    /**
     * The service refused the worker's heartbeats: {@code 401} (no token, or one that is unknown,
     * malformed, expired or revoked) or {@code 403} (the token does not cover this domain, or the
     * worker id belongs to another principal). Called when heartbeats become refused, and again only
     * after one was accepted in between; it is also logged at ERROR. The worker keeps retrying (a
     * {@link WorkerOptions.Builder#tokenSupplier token supplier} may hand out a new secret), holds no
     * partition the service would not give it, and loses what it held once its lease runs out. Close
     * the worker here if retrying cannot help.
     *
     * @param status the HTTP status, 401 or 403
     * @param detail the service's problem detail, abbreviated; never the token
     */
    default void onRefused(int status, String detail) {}
}
