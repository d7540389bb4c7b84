package io.goxhelix.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The soak: three service processes, workers on the real client, faults injected continuously
 * (instances killed and frozen, the coordinator included, the database restarted, workers crashed,
 * cut off, leaving, restarting under their ids, drained by an operator, joining, slow to release,
 * streams dropped, queues created, resized and deleted).
 * Safety is judged from the workers' own records; liveness once the faults stop.
 *
 * <p>{@code ./mvnw verify} runs it for 150 s of faults; a longer run: {@code ./mvnw verify
 * -Dit.test=SoakIT -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.duration=PT30M
 * -Dsoak.seed=42}.
 */
class SoakIT {

    @Test
    void underContinuousFaultsNoPartitionEverHasTwoOwnersAndAllConverges() throws Exception {
        Soak.Settings settings = Soak.Settings.fromSystemProperties();
        System.out.println("[soak] seed " + settings.seed() + ", faults for " + settings.faultPhase());
        SoakReport report;
        try (Soak soak = Soak.start(settings)) {
            report = soak.run();
        }
        String table = report.describe();
        System.out.println("[soak]\n" + table);
        Path out = Path.of(System.getProperty("soak.report", "target/soak-report.md"));
        Files.writeString(out, table);

        // Safety, from the workers' records: never two holders at once, epochs increasing.
        assertThat(report.violations()).isEmpty();
        // Fencing, from the database: no write under a deposed coordinator's term landed...
        assertThat(report.staleWrites()).isZero();
        // ...and the guard that says so does catch one.
        assertThat(report.canaryCaught()).isTrue();
        // The coordinator's copy of the partitions never disagreed with the database when read again.
        assertThat(report.copyMismatches()).isZero();
        // Enough happened for the above to mean something.
        assertThat(report.totalFaults()).isGreaterThanOrEqualTo(settings.minFaults());
        assertThat(report.handoffs()).isPositive();
        // Planned events: a worker back under its id within the grace gets its partitions back (unless
        // an outage kept its leave or its return from the service, or a join or queue change gave out
        // new shares meanwhile), and operators' drains end: DRAINED, or ended by a fresh registration
        // of their worker (its lease ran out during an outage), never left hanging.
        assertThat(report.planned().partitionsElsewhereQuiet()).isZero();
        assertThat(report.planned().partitionsBack()).isPositive();
        assertThat(report.planned().drainsUnfinished()).isZero();
        assertThat(report.planned().drainedMillis()).isNotEmpty();
        // Liveness: once faults stop, all assigned and balanced within the lease plus 5 s.
        assertThat(report.convergence()).isLessThanOrEqualTo(Soak.LEASE.plusSeconds(5));
    }
}
