package io.goxhelix.coordinator;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A sub-second loop on a Vert.x timer (Quarkus Scheduler's intervals start at one second). A run that
 * is still going when the next tick comes is not overlapped: the tick is skipped.
 */
final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

    private Periodic() {}

    static long start(Vertx vertx, String name, Duration every, Supplier<Uni<Void>> job) {
        AtomicBoolean running = new AtomicBoolean();
        return vertx.setPeriodic(Math.max(1, every.toMillis()), id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            Uni.createFrom()
                    .<Void>deferred(() -> job.get())
                    .onTermination()
                    .invoke(() -> running.set(false))
                    .subscribe()
                    .with(ignored -> {}, failure -> LOG.debugf("%s failed: %s", name, failure.getMessage()));
        });
    }
}
