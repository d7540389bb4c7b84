package io.goxhelix.coordination;

/**
 * What a heartbeat does to a worker's record. The first heartbeat registers the worker at version 0:
 * its snapshot stays what it was before (empty, version 0), so registering pushes nothing and asks
 * for no acknowledgement, which halves the requests of a fleet starting at once. One after a leave or
 * an expiry registers it afresh under a new version (so no snapshot it saw before can satisfy the
 * worker rule); otherwise it renews the lease and records the acknowledgement.
 * The coordinator is signalled when it has something to act on: a join, a new queue set, or a newer
 * acknowledgement.
 */
public final class Membership {

    private Membership() {}

    /** A worker's stored membership; {@code queues} in the store's canonical (sorted, joined) form. */
    public record Member(boolean live, long version, long ackedVersion, String queues) {}

    /** The outcome of one heartbeat. */
    public sealed interface Beat {}

    /**
     * Recorded: the member as it now stands; {@code signal} when the coordinator must run a round,
     * {@code versionChanged} when subscribers must be told of a new (empty) snapshot.
     */
    public record Recorded(Member member, boolean signal, boolean versionChanged) implements Beat {}

    /** The acknowledgement is ahead of the worker's version: nothing is recorded. */
    public record AckAhead(long acked, long current) implements Beat {}

    /** @param current the stored member, or null if the worker never heartbeated */
    public static Beat heartbeat(Member current, String queues, long acked) {
        long version = current == null ? 0 : current.version();
        if (acked > version) {
            return new AckAhead(acked, version);
        }
        if (current == null) {
            return new Recorded(new Member(true, 0, acked, queues), true, false);
        }
        if (!current.live()) {
            return new Recorded(new Member(true, version + 1, acked, queues), true, true);
        }
        long newAck = Math.max(current.ackedVersion(), acked);
        boolean signal = newAck > current.ackedVersion() || !queues.equals(current.queues());
        return new Recorded(new Member(true, version, newAck, queues), signal, false);
    }
}
