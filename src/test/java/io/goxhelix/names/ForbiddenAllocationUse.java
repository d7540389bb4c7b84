package io.goxhelix.names;

import io.goxhelix.allocation.QueueSpec;

/**
 * Not used: a deliberate breach for {@code ArchitectureTest}, which shows that its rules catch it.
 * The names depend on nothing, and this one reaches up into the allocation core; with {@link
 * io.goxhelix.allocation.ForbiddenCycle} the two packages also depend on each other.
 */
final class ForbiddenAllocationUse {

    private ForbiddenAllocationUse() {}

    static QueueName nameOf(QueueSpec queue) {
        return QueueName.of(queue.name());
    }
}
