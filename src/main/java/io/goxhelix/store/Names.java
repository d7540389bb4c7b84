package io.goxhelix.store;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** How a worker's queue set is kept in one column: sorted, comma-separated (names cannot hold commas). */
final class Names {

    private Names() {}

    static String join(Set<String> queues) {
        return String.join(",", new TreeSet<>(queues));
    }

    static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
