package io.goxhelix.auth;

import io.goxhelix.store.DatabaseBootstrap;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** The revocation poll runs only with authentication on, and once the schema is current. */
@Singleton
public class WhenPolling implements Scheduled.SkipPredicate {

    private final AuthSetup setup;
    private final DatabaseBootstrap bootstrap;

    WhenPolling(AuthSetup setup, DatabaseBootstrap bootstrap) {
        this.setup = setup;
        this.bootstrap = bootstrap;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !setup.enabled() || !bootstrap.isReady();
    }
}
