package io.goxhelix.soak;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The figures of one soak run. */
record SoakReport(
        long seed,
        Duration faultPhase,
        Map<Fault, Integer> faults,
        List<String> violations,
        int handoffs,
        long staleWrites,
        long partitionRows,
        boolean canaryCaught,
        long copyMismatches,
        Duration convergence,
        List<Long> unownedAfterCrashMillis,
        List<Long> unownedAfterCrashQuietMillis,
        PlannedFaults.Figures planned) {

    int totalFaults() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void timings(StringBuilder s, String label, List<Long> millis) {
        s.append("| ").append(label).append(" | ").append(millis.size());
        s.append(": max ")
                .append(max(millis))
                .append(" ms, p99 ")
                .append(p99(millis))
                .append(" ms |\n");
    }

    private static long max(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long p99(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    }

    private void planned(StringBuilder s) {
        s.append("| restarts: partitions held before, next held by the same worker id | ")
                .append(planned.partitionsBack())
                .append(" (of ")
                .append(planned.restarts())
                .append(" restarts) |\n");
        s.append("| - next held by another worker (of them, with no outage, join or queue change meanwhile) | ")
                .append(planned.partitionsElsewhere())
                .append(" (")
                .append(planned.partitionsElsewhereQuiet())
                .append(") |\n");
        timings(s, "restarts: left -> holding its partitions again", planned.backMillis());
        s.append("| operator drains ended by a fresh registration of their worker (lease ran out meanwhile) | ")
                .append(planned.drainsCleared())
                .append(" |\n");
        s.append("| operator drains still under way after ")
                .append(PlannedFaults.DRAIN_PATIENCE.toSeconds())
                .append(" s | ")
                .append(planned.drainsUnfinished())
                .append(" (of ")
                .append(planned.drains())
                .append(") |\n");
        timings(s, "operator drains: asked -> DRAINED", planned.drainedMillis());
    }

    String describe() {
        StringBuilder s = new StringBuilder();
        s.append("| seed | ").append(seed).append(" |\n");
        s.append("| fault phase | ").append(faultPhase.toSeconds()).append(" s |\n");
        s.append("| faults injected | ").append(totalFaults()).append(" |\n");
        faults.forEach((kind, n) ->
                s.append("| - ").append(kind).append(" | ").append(n).append(" |\n"));
        s.append("| handoffs (a partition passing from one worker to another) | ")
                .append(handoffs)
                .append(" |\n");
        s.append("| overlaps or non-increasing epochs | ")
                .append(violations.size())
                .append(" |\n");
        s.append("| stale-term partition writes landed | ")
                .append(staleWrites)
                .append(" (of ")
                .append(partitionRows)
                .append(" rows; canary caught: ")
                .append(canaryCaught)
                .append(") |\n");
        s.append("| coordinator's copy of the partitions found different from the database | ")
                .append(copyMismatches)
                .append(" |\n");
        s.append("| faults stop -> converged | ").append(convergence.toMillis()).append(" ms |\n");
        timings(s, "partitions of crashed workers, unowned until another worker held them", unownedAfterCrashMillis);
        timings(s, "- of which no instance or database was down meanwhile", unownedAfterCrashQuietMillis);
        planned(s);
        violations.stream()
                .limit(20)
                .forEach(v -> s.append("violation: ").append(v).append('\n'));
        return s.toString();
    }
}
