package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mysqlclient.MySQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Re-runs a whole transaction that lost a race the database resolved for us: a deadlock victim, or two
 * first heartbeats of one worker inserting the same row. The second attempt sees the winner's row.
 */
final class Retry {

    private static final int DUPLICATE_KEY = 1062;
    private static final int DEADLOCK = 1213;

    private Retry() {}

    static <T> Uni<T> onLockConflict(Supplier<Uni<T>> transaction) {
        return Uni.createFrom()
                .<T>deferred(() -> transaction.get())
                .onFailure(Retry::isConflict)
                .retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100))
                .atMost(5);
    }

    private static boolean isConflict(Throwable t) {
        return t instanceof MySQLException e && (e.getErrorCode() == DEADLOCK || e.getErrorCode() == DUPLICATE_KEY);
    }
}
