package io.goxhelix.allocation;

/** Who may receive a queue's partitions in the constrained and load modes, and why nobody does. */
final class ConstrainedEligibility {

    private ConstrainedEligibility() {}

    /** Serves the queue and carries every label it requires, with that value. */
    static boolean eligible(WorkerSpec worker, QueueSpec queue) {
        return worker.queues().contains(queue.name()) && queue.labelsMetBy(worker.labels());
    }

    /** Why some of the queue's partitions have no owner: the first of the reasons that applies. */
    static Shortfall.Reason reason(QueueSpec queue, WorkerSpec[] workers) {
        boolean served = false;
        for (WorkerSpec worker : workers) {
            if (eligible(worker, queue)) {
                return Shortfall.Reason.CAPACITY;
            }
            served |= worker.queues().contains(queue.name());
        }
        return served ? Shortfall.Reason.NO_ELIGIBLE_WORKER : Shortfall.Reason.NO_WORKER;
    }
}
