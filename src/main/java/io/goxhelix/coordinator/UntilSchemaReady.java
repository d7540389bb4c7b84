package io.goxhelix.coordinator;

import io.goxhelix.store.DatabaseBootstrap;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Holds back scheduled jobs until the schema is current. */
@Singleton
public class UntilSchemaReady implements Scheduled.SkipPredicate {

    private final DatabaseBootstrap bootstrap;

    UntilSchemaReady(DatabaseBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !bootstrap.isReady();
    }
}
