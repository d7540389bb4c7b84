/**
 * The acting coordinator: election through a MySQL lock held on a dedicated session plus a fencing
 * term, the rebalance loop that turns signals into rounds, the change-feed follower every instance
 * runs, and the metrics of all three.
 */
package io.goxhelix.coordinator;
