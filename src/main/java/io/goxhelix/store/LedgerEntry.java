package io.goxhelix.store;

import java.time.Instant;

/**
 * One ledger entry as read back: the partition's owner changed from {@code from} to {@code to} (null:
 * no owner) in the round of {@code term} committed at {@code at} (database clock), for {@code reason}
 * (lower case, e.g. {@code expiry}). {@code epoch} is the partition's epoch after the move; {@code
 * liveWorkers} the domain's active workers the round saw. Ids grow in commit order.
 */
public record LedgerEntry(
        long id,
        Instant at,
        long term,
        String domain,
        String queue,
        int partition,
        String from,
        String to,
        long epoch,
        String reason,
        int liveWorkers) {}
