package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerCapacity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportsTest {

    private static final PartitionRef A0 = new PartitionRef("a", 0);
    private static final PartitionRef A7 = new PartitionRef("a", 7);
    private static final PartitionRef B2 = new PartitionRef("b", 2);

    @Test
    void theReporterIsAskedForEachHeldPartitionAndBadAnswersAreLeftOut() {
        Map<PartitionRef, Double> loads = LoadReports.of(
                p -> switch (p.partition()) {
                    case 0 -> 2.5;
                    case 7 -> Double.NaN;
                    default -> throw new IllegalStateException("no meter for " + p);
                },
                List.of(A0, A7, B2, new PartitionRef("b", 3)));

        assertThat(loads).isEqualTo(Map.of(A0, 2.5));
        assertThat(LoadReports.of(p -> -1, List.of(A0))).isEmpty();
        assertThat(LoadReports.of(p -> 1e16, List.of(A0))).isEmpty();
        assertThat(LoadReports.of(p -> 0, List.of(A0))).isEqualTo(Map.of(A0, 0.0));
    }

    @Test
    void theHeartbeatCarriesTheLoadsByQueueAndPartitionAndOmitsThemWithoutAReporter() {
        String body = Messages.heartbeatBody(
                List.of("a", "b"), 4, null, WorkerCapacity.DEFAULT, Map.of(A7, 1.5, A0, 3.0, B2, 1e-3));

        assertThat(Json.parse(body))
                .isEqualTo(Map.of(
                        "queues",
                        List.of("a", "b"),
                        "ackedVersion",
                        4L,
                        "loads",
                        Map.of(
                                "a",
                                Map.of("0", new BigDecimal("3.0"), "7", new BigDecimal("1.5")),
                                "b",
                                Map.of("2", new BigDecimal("0.001")))));
        assertThat(Json.parse(Messages.heartbeatBody(List.of("a"), 4, null, WorkerCapacity.DEFAULT, Map.of())))
                .isEqualTo(Map.of("queues", List.of("a"), "ackedVersion", 4L, "loads", Map.of()));
        assertThat(Messages.heartbeatBody(List.of("a"), 4, null, WorkerCapacity.DEFAULT, null))
                .doesNotContain("loads");
    }
}
