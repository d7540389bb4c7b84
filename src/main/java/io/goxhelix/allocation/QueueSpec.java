package io.goxhelix.allocation;

import java.util.Objects;

/** A queue and its number of partitions, numbered {@code 0 .. partitions - 1}. */
public record QueueSpec(String name, int partitions) {

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 0) {
            throw new IllegalArgumentException("queue " + name + ": partitions must be >= 0, was " + partitions);
        }
    }
}
