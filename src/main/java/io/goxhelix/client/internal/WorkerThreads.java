package io.goxhelix.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one worker, named {@code gox-worker-<first 8 characters of its id>-<role>} so that a
 * thread dump tells which worker and which part of it a thread belongs to. Daemon threads: a worker
 * the application forgot to close does not keep its JVM alive.
 */
final class WorkerThreads {

    private WorkerThreads() {}

    static ThreadFactory of(String workerId, String role) {
        String name = "gox-worker-" + workerId.substring(0, 8) + "-" + role;
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.getAndIncrement();
            Thread t = new Thread(r, n == 0 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}
