package io.goxhelix.store;

/**
 * One entry of the change feed. {@code workerId} is empty for a domain-level signal; {@code version}
 * is the worker's new assignment version, 0 when its snapshot did not change; {@code coordinate} says
 * the coordinator must run a round for the domain.
 */
public record Change(long seq, String domain, String workerId, long version, boolean coordinate) {

    public static Change snapshot(String domain, String workerId, long version) {
        return new Change(0, domain, workerId, version, false);
    }

    public static Change signal(String domain, String workerId, long version) {
        return new Change(0, domain, workerId, version, true);
    }

    public static Change signal(String domain) {
        return new Change(0, domain, "", 0, true);
    }

    public boolean changesSnapshot() {
        return !workerId.isEmpty() && version > 0;
    }
}
