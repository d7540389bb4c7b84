package io.goxhelix.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The simulated workers of one service test and the one log of what they held. The test starts its
 * workers here and closes the fleet after each test, so that no worker outlives the test that started
 * it.
 */
public final class SimulatedFleet implements AutoCloseable {

    private final HoldingLog log = new HoldingLog();
    private final List<SimulatedWorker> running = new ArrayList<>();

    /** What every worker of the fleet held, and when. */
    public HoldingLog log() {
        return log;
    }

    /** Starts a worker under a random id. */
    public SimulatedWorker start(URI base, String domain, List<String> queues, Duration interval) {
        return start(base, domain, UUID.randomUUID().toString(), queues, interval);
    }

    public SimulatedWorker start(URI base, String domain, String id, List<String> queues, Duration interval) {
        return start(new SimulatedWorker(base, domain, id, queues, log, interval));
    }

    /**
     * Starts a worker made with {@link #log()}, for a test that sets something on it first (what it
     * announces, its authorization).
     */
    public SimulatedWorker start(SimulatedWorker worker) {
        running.add(worker);
        return worker.start();
    }

    /** The workers started and not forgotten, in the order they started. */
    public List<SimulatedWorker> running() {
        return List.copyOf(running);
    }

    /** A worker the test stopped itself (it crashed or left), which closing the fleet leaves alone. */
    public void forget(SimulatedWorker worker) {
        running.remove(worker);
    }

    @Override
    public void close() {
        running.forEach(SimulatedWorker::close);
    }
}
