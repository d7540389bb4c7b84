package io.goxhelix.client;

import io.goxhelix.testing.HoldingLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Real clients of one test against the running service, each writing what its listener is given into
 * one {@link HoldingLog} under its worker id; the test closes them all after it.
 */
final class LoggedClients implements AutoCloseable {

    private final HoldingLog log = new HoldingLog();
    private final List<GoxWorker> running = new ArrayList<>();

    HoldingLog log() {
        return log;
    }

    /** Creates and starts a worker of these options. */
    GoxWorker start(WorkerOptions options) {
        String id = options.workerId();
        GoxWorker worker = GoxWorker.create(options, new PartitionListener() {
            @Override
            public void onAssigned(Set<AssignedPartition> partitions) {
                partitions.forEach(p -> log.acquired(id, p.queue(), p.partition(), p.epoch()));
            }

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {
                partitions.forEach(p -> log.released(id, p.queue(), p.partition()));
            }
        });
        running.add(worker);
        return worker.start();
    }

    @Override
    public void close() {
        running.forEach(GoxWorker::close);
    }
}
