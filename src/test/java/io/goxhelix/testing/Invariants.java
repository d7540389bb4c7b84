package io.goxhelix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.testing.HoldingLog.Interval;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one checker of the protocol's promises (doc/design/protocol.md), for every test that can observe
 * them: the allocation core's, the coordinator's, the round simulation and the soak.
 *
 * <ul>
 *   <li>S1, one owner per partition: {@link #overlaps} over who held (or was entitled to) each
 *       partition when, as {@link HoldingLog} intervals on any one clock.
 *   <li>S3, epochs strictly rising per partition: {@link #epochs} over the same intervals (a holder
 *       resuming its own grant is not a new one), {@link #grantEpochs} over a sequence of grants.
 *   <li>S5, balance: {@link #balance} of a {@link Layout} (every partition of a served queue owned by
 *       a worker serving it, floor or ceiling of P/W per queue, totals within one when every worker
 *       serves the same queues).
 *   <li>S6, minimum moves: {@link #moves} against {@link #minimumMoves}, and the join and leave
 *       promises {@link #onlyJoinerReceives} and {@link #onlyLeaverMoved}.
 * </ul>
 *
 * Checks return their violations, one readable line each, so that a test can assert them empty or
 * poll until they are; the {@code assert} methods do the former.
 */
public final class Invariants {

    private Invariants() {}

    /** S1 and S3 over holdings: {@link #overlaps} then {@link #epochs}. */
    public static List<String> safety(Collection<Interval> holdings) {
        List<String> violations = overlaps(holdings);
        violations.addAll(epochs(holdings));
        return violations;
    }

    public static void assertSafe(Collection<Interval> holdings) {
        assertThat(safety(holdings)).as("S1 overlaps and S3 epochs").isEmpty();
    }

    /** S1: every time a partition was held by one worker while another holding of it had not ended. */
    public static List<String> overlaps(Collection<Interval> holdings) {
        List<String> violations = new ArrayList<>();
        byPartition(holdings).forEach((partition, list) -> {
            Interval longest = null;
            for (Interval next : list) {
                if (longest != null && next.start() < longest.end()) {
                    violations.add(
                            partition + ": " + next.worker() + " took it while " + longest.worker() + " held it");
                }
                if (longest == null || next.end() > longest.end()) {
                    longest = next;
                }
            }
        });
        return violations;
    }

    /**
     * S3: every holding, in order of start, whose epoch is not above every earlier one of its
     * partition; the same holder taking up the latest grant again (pausing and resuming under it,
     * worker rule (b)) is no new grant.
     */
    public static List<String> epochs(Collection<Interval> holdings) {
        return epochs(holdings, true);
    }

    /** S3 over grants (start is when each was made): each epoch above every earlier one, no exception. */
    public static List<String> grantEpochs(Collection<Interval> grants) {
        return epochs(grants, false);
    }

    private static List<String> epochs(Collection<Interval> holdings, boolean resumable) {
        List<String> violations = new ArrayList<>();
        byPartition(holdings).forEach((partition, list) -> {
            Interval latest = null;
            for (Interval next : list) {
                boolean resumed = resumable
                        && latest != null
                        && next.worker().equals(latest.worker())
                        && next.epoch() == latest.epoch();
                if (latest != null && !resumed && next.epoch() <= latest.epoch()) {
                    violations.add(partition + ": epoch " + next.epoch() + " after " + latest.epoch());
                }
                if (latest == null || next.epoch() > latest.epoch()) {
                    latest = next;
                }
            }
        });
        return violations;
    }

    /** Intervals by "queue/partition", each list in order of start. */
    public static Map<String, List<Interval>> byPartition(Collection<Interval> intervals) {
        Map<String, List<Interval>> byPartition = new TreeMap<>();
        for (Interval i : intervals) {
            byPartition
                    .computeIfAbsent(i.queue() + "/" + i.partition(), k -> new ArrayList<>())
                    .add(i);
        }
        byPartition.values().forEach(list -> list.sort(Comparator.comparingLong(Interval::start)));
        return byPartition;
    }

    /** S5 in full: {@link #coverage}, {@link #queueBalance} and {@link #totalBalance}. */
    public static List<String> balance(Layout layout) {
        List<String> violations = coverage(layout);
        violations.addAll(queueBalance(layout));
        violations.addAll(totalBalance(layout));
        return violations;
    }

    public static void assertBalanced(Layout layout) {
        assertThat(balance(layout))
                .as("S5 balance of %s", layout.owners().keySet())
                .isEmpty();
    }

    /**
     * Owners for exactly the layout's queues, one per partition; every partition of a queue that some
     * worker serves owned by one that serves it; a queue nobody serves owned by nobody.
     */
    public static List<String> coverage(Layout layout) {
        List<String> violations = new ArrayList<>();
        for (String extra : layout.owners().keySet()) {
            if (!layout.queues().containsKey(extra)) {
                violations.add("owners given for " + extra + ", which is no queue");
            }
        }
        layout.queues().forEach((queue, partitions) -> {
            String[] owners = layout.owners().get(queue);
            if (owners == null || owners.length != partitions) {
                violations.add(queue + ": " + (owners == null ? "no" : owners.length) + " owner entries for "
                        + partitions + " partitions");
                return;
            }
            Set<String> servers = layout.servers(queue);
            for (int p = 0; p < owners.length; p++) {
                if (servers.isEmpty() ? owners[p] != null : !servers.contains(owners[p])) {
                    violations.add(queue + "/" + p + ": owner " + owners[p] + ", servers " + servers);
                }
            }
        });
        return violations;
    }

    /**
     * Of the W workers serving a queue of P partitions, each owns floor(P/W) or ceil(P/W) of it, and
     * exactly P mod W own the ceiling.
     */
    public static List<String> queueBalance(Layout layout) {
        List<String> violations = new ArrayList<>();
        layout.queues().forEach((queue, partitions) -> {
            Set<String> servers = layout.servers(queue);
            if (servers.isEmpty()) {
                return;
            }
            int base = partitions / servers.size();
            int extra = partitions % servers.size();
            Map<String, Integer> counts = layout.counts(queue);
            int atCeiling = 0;
            for (String worker : servers) {
                int count = counts.getOrDefault(worker, 0);
                if (count < base || count > base + 1) {
                    violations.add(queue + ": " + worker + " owns " + count + ", not " + base + " or " + (base + 1)
                            + " " + counts);
                }
                atCeiling += count == base + 1 ? 1 : 0;
            }
            if (atCeiling != extra) {
                violations.add(queue + ": " + atCeiling + " workers own " + (base + 1) + ", not " + extra);
            }
        });
        return violations;
    }

    /** When every worker serves the same queues, their totals differ by at most one. */
    public static List<String> totalBalance(Layout layout) {
        if (!layout.homogeneous() || layout.workers().isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, Integer> totals = layout.totals();
        int min = totals.values().stream().min(Integer::compare).orElseThrow();
        int max = totals.values().stream().max(Integer::compare).orElseThrow();
        List<String> violations = new ArrayList<>();
        if (max - min > 1) {
            violations.add("totals spread by " + (max - min) + ": " + totals);
        }
        return violations;
    }

    /**
     * S6: the partitions with an owner in {@code current} that {@code target} gives to another (or to
     * none). Free partitions are no moves.
     */
    public static int moves(Layout current, Map<String, String[]> target) {
        return Moves.moves(current, target);
    }

    /** S6: the fewest moves of any plan from {@code current} that meets {@link #balance}. */
    public static int minimumMoves(Layout current) {
        return Moves.minimum(current);
    }

    /** The moves per-queue balance alone forces; total balance can force more. */
    public static int minimumMovesLowerBound(Layout current) {
        return Moves.lowerBound(current);
    }

    /**
     * Like {@link #minimumMoves}, among the plans in which no worker but {@code receiver} gets more of
     * a queue than it owns now; empty when total balance leaves no such plan. For layouts in which
     * every worker serves the same queues.
     */
    public static OptionalInt minimumMovesReceivingOnly(Layout current, String receiver) {
        return Moves.fewest(current, receiver);
    }

    /** The partitions owned in {@code before} and owned by another in {@code after}. */
    public static int reassigned(Map<String, String[]> before, Map<String, String[]> after) {
        return Moves.reassigned(before, after);
    }

    /** S6, leave: every partition someone but {@code leaver} owned in {@code before} kept its owner. */
    public static List<String> onlyLeaverMoved(
            Map<String, String[]> before, String leaver, Map<String, String[]> after) {
        return Moves.changed(before, after, (old, now) -> old.equals(leaver), "after " + leaver + " left");
    }

    /** S6, join: every partition that changed owner went to {@code joiner}. */
    public static List<String> onlyJoinerReceives(
            Map<String, String[]> before, String joiner, Map<String, String[]> after) {
        return Moves.changed(before, after, (old, now) -> joiner.equals(now), "after " + joiner + " joined");
    }
}
