package io.goxhelix.client.internal;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What a worker holds, in two forms. The <em>granted</em> partitions are those the worker rule allows
 * now, which the callbacks follow; the control thread decides them. The <em>view</em> is what the
 * application is shown: a partition leaves it as soon as its revocation is decided and enters it only
 * once {@code onAssigned} has returned, so an application fencing its writes with the view never sees
 * an epoch it does not hold. The view is published with the lease that bounds it, for any thread to
 * read.
 */
final class Holdings {

    private record View(Map<PartitionRef, Long> held, Lease lease) {}

    private final LongSupplier clock;
    /** Guards the updates of {@link #view} and the writes of {@link #granted} they are checked against. */
    private final Object lock = new Object();

    private Map<PartitionRef, Long> granted = Map.of(); // written on the control thread only
    private volatile View view = new View(Map.of(), Lease.NONE);

    Holdings(LongSupplier clock) {
        this.clock = clock;
    }

    /** partition -> epoch the worker rule allowed at the last change. Control thread. */
    Map<PartitionRef, Long> granted() {
        return granted;
    }

    /** partition -> epoch of what the application holds now (empty once the lease ran out). Any thread. */
    Map<PartitionRef, Long> visible() {
        View v = view;
        return v.lease().runsAt(clock.getAsLong()) ? v.held() : Map.of();
    }

    /** Takes a change decided under {@code lease}: what it revokes leaves the view at once. Control thread. */
    void apply(WorkerRule.Change change, Lease lease) {
        synchronized (lock) {
            granted = change.held();
            Map<PartitionRef, Long> shown = new TreeMap<>(view.held());
            shown.keySet().removeAll(change.revoked());
            view = new View(Collections.unmodifiableMap(shown), lease);
        }
    }

    /** Adds what {@code onAssigned} just took to the view, unless it was revoked in the meantime. */
    void show(Set<AssignedPartition> assigned) {
        synchronized (lock) {
            Map<PartitionRef, Long> shown = new TreeMap<>(view.held());
            for (AssignedPartition p : assigned) {
                if (Long.valueOf(p.epoch()).equals(granted.get(p.ref()))) {
                    shown.put(p.ref(), p.epoch());
                }
            }
            view = new View(Collections.unmodifiableMap(shown), view.lease());
        }
    }
}
