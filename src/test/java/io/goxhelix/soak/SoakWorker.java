package io.goxhelix.soak;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.GoxWorker;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import io.goxhelix.testing.HoldingLog;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A worker of the soak: the real {@link GoxWorker} behind its own {@link FaultyLink}s to each service
 * instance, and an application that records what it holds in a {@link HoldingLog}.
 *
 * <p>The application works on a partition only at moments when the client says it holds it (what
 * {@link #work()} does, every few milliseconds), as an application fencing its writes would. So a
 * holding starts when {@code onAssigned} is called and ends at the last moment the client still said
 * so, or when {@code onRevoked} returns, or at a crash, whichever comes first.
 */
final class SoakWorker {

    private static final class Holding {
        final long epoch;
        long lastHeld = Long.MIN_VALUE;
        boolean paused;

        Holding(long epoch) {
            this.epoch = epoch;
        }
    }

    private final String id;
    private final HoldingLog log;
    private final List<FaultyLink> links = new ArrayList<>();
    private final GoxWorker worker;
    private final Map<PartitionRef, Holding> holdings = new HashMap<>(); // guarded by this
    private boolean dead; // guarded by this
    private volatile long slowRevokeNanos;

    SoakWorker(
            String domain,
            List<String> queues,
            List<InetSocketAddress> instances,
            int first,
            String token,
            HoldingLog log) {
        this(UUID.randomUUID().toString(), domain, queues, instances, first, token, log);
    }

    /** A worker under a given id: a process restarted under the id it had before. */
    SoakWorker(
            String id,
            String domain,
            List<String> queues,
            List<InetSocketAddress> instances,
            int first,
            String token,
            HoldingLog log) {
        this.log = log;
        WorkerOptions.Builder options = WorkerOptions.builder()
                .domain(domain)
                .queues(queues)
                .token(token)
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        this.id = id;
        List<URI> uris = new ArrayList<>();
        for (int k = 0; k < instances.size(); k++) {
            FaultyLink link =
                    new FaultyLink(id.substring(0, 8) + "-" + k, instances.get((first + k) % instances.size()));
            links.add(link);
            uris.add(link.uri());
        }
        this.worker = GoxWorker.create(options.workerId(id).baseUris(uris).build(), new Recorder());
    }

    String id() {
        return id;
    }

    SoakWorker start() {
        worker.start();
        return this;
    }

    /** What the client says the application holds: partition -> epoch. */
    Map<PartitionRef, Long> held() {
        return worker.currentAssignment();
    }

    /** One round of the application's work: each partition it was given is worked on if still held. */
    synchronized void work() {
        if (dead) {
            return;
        }
        long now = System.nanoTime();
        Map<PartitionRef, Long> held = worker.currentAssignment();
        for (Map.Entry<PartitionRef, Holding> e : holdings.entrySet()) {
            PartitionRef p = e.getKey();
            Holding h = e.getValue();
            boolean holds = Long.valueOf(h.epoch).equals(held.get(p));
            if (holds) {
                if (h.paused) {
                    // Held again under the same grant (a late heartbeat answer renewed the lease).
                    log.acquired(id, p.queue(), p.partition(), h.epoch, now);
                    h.paused = false;
                }
                h.lastHeld = now;
            } else if (!h.paused && h.lastHeld != Long.MIN_VALUE) {
                // Not held any more: the last unit of work on it was at the previous look.
                log.released(id, p.queue(), p.partition(), h.lastHeld);
                h.paused = true;
            }
        }
    }

    /** The process dies: its application stops at once, nothing reaches the service any more. */
    void crash() {
        synchronized (this) {
            dead = true;
            long now = System.nanoTime();
            holdings.forEach((p, h) -> log.released(id, p.queue(), p.partition(), now));
            holdings.clear();
        }
        links.forEach(FaultyLink::close);
        Thread closer = new Thread(worker::close, "soak-crashed-" + id.substring(0, 8));
        closer.setDaemon(true);
        closer.start();
    }

    /** The network to every instance stops carrying anything until {@link #unfreeze()}. */
    void freeze() {
        links.forEach(FaultyLink::pause);
    }

    void unfreeze() {
        links.forEach(FaultyLink::resume);
    }

    /** Every connection (the assignment stream included) is reset. */
    void dropConnections() {
        links.forEach(FaultyLink::dropAll);
    }

    /** The next revocation takes this long before it returns (and so before it is acknowledged). */
    void slowNextRevoke(Duration d) {
        slowRevokeNanos = d.toNanos();
    }

    /** Graceful leave: revoke, then {@code DELETE}; returns once done. */
    void leave() {
        worker.close();
        links.forEach(FaultyLink::close);
    }

    /**
     * Leaves to restart ({@code closeForRestart()}: revoke, then {@code DELETE ...?restart=true}, no
     * drain), so that the service keeps its partitions for its id; returns once done.
     */
    void leaveForRestart() {
        worker.closeForRestart();
        links.forEach(FaultyLink::close);
    }

    private final class Recorder implements PartitionListener {

        @Override
        public void onAssigned(Set<AssignedPartition> partitions) {
            long now = System.nanoTime();
            synchronized (SoakWorker.this) {
                if (dead) {
                    return;
                }
                for (AssignedPartition p : partitions) {
                    log.acquired(id, p.queue(), p.partition(), p.epoch(), now);
                    holdings.put(new PartitionRef(p.queue(), p.partition()), new Holding(p.epoch()));
                }
            }
        }

        @Override
        public void onRevoked(Set<PartitionRef> partitions) {
            long slow = slowRevokeNanos;
            if (slow > 0) {
                slowRevokeNanos = 0;
                try {
                    TimeUnit.NANOSECONDS.sleep(slow);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long now = System.nanoTime();
            synchronized (SoakWorker.this) {
                for (PartitionRef p : partitions) {
                    Holding h = holdings.remove(p);
                    if (h != null && !h.paused) {
                        log.released(id, p.queue(), p.partition(), now);
                    }
                }
            }
        }
    }
}
