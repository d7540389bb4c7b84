package io.goxhelix.coordination;

import io.goxhelix.access.Authorization;
import io.goxhelix.access.Principal;

/**
 * What a heartbeat does to a worker's record. The first heartbeat registers the worker at version 0:
 * its snapshot stays what it was before (empty, version 0), so registering pushes nothing and asks
 * for no acknowledgement, which halves the requests of a fleet starting at once. One after a leave or
 * an expiry registers it afresh under a new version (so no snapshot it saw before can satisfy the
 * worker rule); otherwise it renews the lease and records the acknowledgement.
 * The coordinator is signalled when it has something to act on: a join, a new queue set or profile,
 * or a newer acknowledgement.
 *
 * <p>A worker id belongs to the principal whose heartbeat registered it: another principal's
 * heartbeat for it is {@link Forbidden} and records nothing (an operator's is allowed and leaves the
 * owner as it was). A worker registered while authentication was off has no owner until a principal
 * heartbeats it. The decision is taken on the row the heartbeat transaction has locked, so it costs
 * no read of its own.
 */
public final class Membership {

    private Membership() {}

    /**
     * A worker's stored membership; {@code queues} in the store's canonical (sorted, joined) form,
     * {@code registeredBy} the id of the principal it belongs to (null: nobody's), {@code profile}
     * its announced capacity in the store's canonical text (null: the default).
     */
    public record Member(
            boolean live, long version, long ackedVersion, String queues, String registeredBy, String profile) {

        public Member(boolean live, long version, long ackedVersion, String queues, String registeredBy) {
            this(live, version, ackedVersion, queues, registeredBy, null);
        }

        public Member(boolean live, long version, long ackedVersion, String queues) {
            this(live, version, ackedVersion, queues, null);
        }
    }

    /** The outcome of one heartbeat. */
    public sealed interface Beat {}

    /**
     * Recorded: the member as it now stands; {@code signal} when the coordinator must run a round,
     * {@code versionChanged} when subscribers must be told of a new (empty) snapshot.
     */
    public record Recorded(Member member, boolean signal, boolean versionChanged) implements Beat {}

    /** The acknowledgement is ahead of the worker's version: nothing is recorded. */
    public record AckAhead(long acked, long current) implements Beat {}

    /** The worker id belongs to another principal: nothing is recorded, nothing of it told. */
    public record Forbidden(String registeredBy) implements Beat {}

    /** A heartbeat with authentication off: nobody's, and nobody's worker is refused. */
    public static Beat heartbeat(Member current, String queues, long acked) {
        return heartbeat(current, queues, acked, null);
    }

    /**
     * @param current the stored member, or null if the worker never heartbeated
     * @param caller the principal that sends the heartbeat, null when authentication is off
     */
    public static Beat heartbeat(Member current, String queues, long acked, Principal caller) {
        return heartbeat(current, queues, null, acked, caller);
    }

    /**
     * @param profile the announced capacity in the store's canonical text, null for the default; a
     *     change of it signals the coordinator, as a change of queues does
     */
    public static Beat heartbeat(Member current, String queues, String profile, long acked, Principal caller) {
        String owner = current == null ? null : current.registeredBy();
        if (caller != null && !Authorization.mayActOnWorker(caller, owner)) {
            return new Forbidden(owner);
        }
        String registeredBy = caller == null ? owner : Authorization.ownerAfterHeartbeat(caller, owner);
        long version = current == null ? 0 : current.version();
        if (acked > version) {
            return new AckAhead(acked, version);
        }
        if (current == null) {
            return new Recorded(new Member(true, 0, acked, queues, registeredBy, profile), true, false);
        }
        if (!current.live()) {
            return new Recorded(new Member(true, version + 1, acked, queues, registeredBy, profile), true, true);
        }
        long newAck = Math.max(current.ackedVersion(), acked);
        boolean signal = newAck > current.ackedVersion()
                || !queues.equals(current.queues())
                || !java.util.Objects.equals(profile, current.profile());
        return new Recorded(new Member(true, version, newAck, queues, registeredBy, profile), signal, false);
    }
}
