package io.goxhelix.coordination;

/**
 * One ledger entry: the partition's owner changed in a round. The owner is the worker entitled to it
 * (its row ASSIGNED or RELEASING); {@code from} or {@code to} is null for no owner. A handoff (revoke,
 * then grant once the release is confirmed) is one entry from A to B in the round of the grant: the
 * revoke changes no entitlement, and a partition freed and granted in the same round is never seen
 * unowned. Only a partition left without an owner at the end of a round makes two entries, A to
 * nobody, then nobody to B. {@code epoch} is the partition's epoch after the round (the new grant's
 * when {@code to} is set); {@code liveWorkers} the domain's active workers the round saw.
 */
public record Move(
        String queue, int partition, String from, String to, long epoch, MoveReason reason, int liveWorkers) {}
