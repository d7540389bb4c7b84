/**
 * Pure decisions of a coordinator round: which leases have ended, which releases are confirmed, what
 * to revoke and what to grant (never to a new owner while the old one is entitled), the epochs and
 * the worker versions that follow. Plain Java: rows in, a {@link io.goxhelix.coordination.RoundPlan}
 * out; the store writes it. It may use the allocation core, the names and the JDK, nothing else
 * ({@code ArchitectureTest}).
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.coordination;
