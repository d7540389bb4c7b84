package io.goxhelix.client.internal;

import io.goxhelix.client.LoadReporter;
import io.goxhelix.client.PartitionRef;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** One heartbeat's loads: the reporter asked for each held partition, bad answers left out. */
final class LoadReports {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");

    /** The service's bound on one figure. */
    static final double MAX_LOAD = 1e15;

    private LoadReports() {}

    static Map<PartitionRef, Double> of(LoadReporter reporter, Collection<PartitionRef> held) {
        Map<PartitionRef, Double> loads = new TreeMap<>();
        for (PartitionRef p : held) {
            try {
                double load = reporter.loadOf(p);
                if (Double.isFinite(load) && load >= 0 && load <= MAX_LOAD) {
                    loads.put(p, load);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "load of {0} left out of the report: {1}", p, load);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the load reporter failed for " + p + "; left out", e);
            }
        }
        return loads;
    }
}
