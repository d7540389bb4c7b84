package io.goxhelix.coordination;

import java.util.Set;

/**
 * A worker as the coordinator sees it inside its transaction. {@code leaseExpired} is judged by the
 * database clock; {@code live} is false once the worker has left or expired.
 */
public record WorkerRow(
        String id, Set<String> queues, boolean live, boolean leaseExpired, long version, long ackedVersion) {

    public WorkerRow {
        queues = Set.copyOf(queues);
    }

    /** Entitled to its partitions: registered, not departed, lease not over. */
    public boolean active() {
        return live && !leaseExpired;
    }
}
