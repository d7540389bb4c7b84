package io.goxhelix.allocation;

import io.goxhelix.names.QueueName;

/**
 * Not used: a deliberate breach for {@code ArchitectureTest}. On its own this is allowed (the core
 * may use the names); together with {@code io.goxhelix.names.ForbiddenAllocationUse} it closes a
 * cycle between the two packages.
 */
final class ForbiddenCycle {

    private ForbiddenCycle() {}

    static QueueSpec queue(QueueName name, int partitions) {
        return new QueueSpec(name.value(), partitions);
    }
}
