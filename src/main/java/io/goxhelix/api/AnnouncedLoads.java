package io.goxhelix.api;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code loads} of a heartbeat, checked: per served queue, partition number to a finite load
 * {@code >= 0}. Every failure is a 400 naming what is wrong, and nothing of the heartbeat is
 * recorded.
 */
final class AnnouncedLoads {

    /** Entries per heartbeat; the body limit (64 KiB by default) usually binds first. */
    static final int MAX_ENTRIES = 10_000;

    static final double MAX_LOAD = 1e15;

    private AnnouncedLoads() {}

    /** Null when the heartbeat reports no loads (the last report stays). */
    static Map<String, Map<Integer, Double>> of(Map<String, Map<String, Double>> loads, Set<String> served) {
        if (loads == null) {
            return null;
        }
        Map<String, Map<Integer, Double>> checked = new TreeMap<>();
        int entries = 0;
        for (Map.Entry<String, Map<String, Double>> queue : loads.entrySet()) {
            if (!served.contains(queue.getKey())) {
                throw ApiException.badRequest(
                        "loads names queue '" + queue.getKey() + "', which this heartbeat does not serve");
            }
            if (queue.getValue() == null) {
                throw ApiException.badRequest("loads." + queue.getKey() + " must be an object of partition: load");
            }
            Map<Integer, Double> partitions = new TreeMap<>();
            for (Map.Entry<String, Double> e : queue.getValue().entrySet()) {
                if (++entries > MAX_ENTRIES) {
                    throw ApiException.badRequest("loads may hold at most " + MAX_ENTRIES + " partitions");
                }
                partitions.put(partition(queue.getKey(), e.getKey()), load(queue.getKey(), e.getKey(), e.getValue()));
            }
            checked.put(queue.getKey(), partitions);
        }
        return checked;
    }

    private static int partition(String queue, String key) {
        try {
            int p = Integer.parseInt(key);
            if (p >= 0) {
                return p;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("loads." + queue + ": '" + key + "' is not a partition number (an integer >= 0)");
    }

    private static double load(String queue, String partition, Double load) {
        if (load == null || !Double.isFinite(load) || load < 0 || load > MAX_LOAD) {
            throw ApiException.badRequest("loads." + queue + "." + partition + " must be a number between 0 and "
                    + MAX_LOAD + ", was " + load);
        }
        return load;
    }
}
