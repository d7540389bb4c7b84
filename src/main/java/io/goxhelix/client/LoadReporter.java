package io.goxhelix.client;

/**
 * Tells the service how loaded each held partition is, for a domain an operator balances by load
 * ({@code PUT /api/v1/domains/{d}/balancing}, doc/design/placement.md): every heartbeat reports the
 * figure of each partition the worker holds, and the coordinator keeps every worker's total within a
 * tolerance of its share. Any unit works (items per second, CPU time, bytes) as long as all the
 * domain's workers use the same one. A domain balanced by count ignores the figures.
 *
 * <p>Called on the worker's control thread before every heartbeat, once per held partition: keep it
 * quick (read a counter, not a database). An answer that is not a finite number {@code >= 0}, or an
 * exception, leaves the partition out of that report (the service then presumes it average).
 */
@FunctionalInterface
public interface LoadReporter {

    double loadOf(PartitionRef partition);
}
