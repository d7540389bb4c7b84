package io.goxhelix.store;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a worker's queue set is kept in one column of its row: sorted, comma-separated (names cannot
 * hold commas, see {@link io.goxhelix.names.Name}). One column rather than a table of (worker, queue)
 * rows, so that a heartbeat writes one row whatever the number of queues.
 */
final class QueueListColumn {

    private QueueListColumn() {}

    static String join(Set<String> queues) {
        return String.join(",", new TreeSet<>(queues));
    }

    static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
