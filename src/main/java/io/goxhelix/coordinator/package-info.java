/**
 * The acting coordinator, as Quarkus beans: the election (a MySQL lock held on a dedicated session
 * plus a fencing term), the rebalance loop that turns signals into rounds of the pure coordination
 * package and has the store write them, the change-feed follower every instance runs, and the
 * metrics of all three. It works through the store and never sends SQL of its own ({@code
 * ArchitectureTest}); only the HTTP edge depends on it.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.coordinator;
