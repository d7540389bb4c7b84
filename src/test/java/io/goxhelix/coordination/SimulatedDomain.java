package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.coordination.Entitlements.Key;
import io.goxhelix.testing.HoldingLog.Interval;
import io.goxhelix.testing.Invariants;
import io.goxhelix.testing.Layout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One domain's rows in memory, changed as the service changes them: heartbeats, leaves and the
 * database clock ending leases act on worker rows ({@link Membership}, {@code WorkerStore}); a round
 * reads every partition row and the live workers, decides with {@link Rebalance} and writes its plan
 * as {@code CoordinatorStore} does (partition rows upserted, each moved worker's version set to the new
 * one, expired workers no longer live). Nothing outside the rows survives a round, so a new
 * coordinator is just the next round.
 *
 * <p>Every step advances a clock by one; what each worker is entitled to, and every grant, are
 * recorded against it for {@link Invariants}.
 */
final class SimulatedDomain {

    private final UnaryOperator<DomainState> coordinatorView;
    private final Set<String> everyQueueName;
    private final Map<String, Integer> queues = new TreeMap<>();
    private final Map<String, WorkerRow> workers = new TreeMap<>();
    private final Map<Key, PartitionRow> rows =
            new TreeMap<>(java.util.Comparator.comparing(Key::queue).thenComparingInt(Key::partition));
    private final Entitlements entitlements = new Entitlements();
    private final List<Interval> grants = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    /** The owner of each partition as the ledger's entries so far tell it, and where they disagree. */
    private final Map<Key, String> ledgerOwners = new java.util.HashMap<>();

    private final List<String> ledgerErrors = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private long clock;
    private int judged;
    private List<String> violations = List.of();

    /**
     * @param everyQueueName what a worker serves unless told otherwise
     * @param coordinatorView what the coordinator makes of the rows it reads (identity: the real one)
     */
    SimulatedDomain(Set<String> everyQueueName, UnaryOperator<DomainState> coordinatorView) {
        this.everyQueueName = Set.copyOf(everyQueueName);
        this.coordinatorView = coordinatorView;
    }

    SimulatedDomain(Set<String> everyQueueName) {
        this(everyQueueName, UnaryOperator.identity());
    }

    /**
     * A heartbeat: registers a new worker at version 0, one that left or expired afresh, renews a live
     * one; {@code served} null for the queues it served before (every queue name for a new one).
     */
    void heartbeat(String id, Set<String> queues) {
        WorkerRow w = workers.get(id);
        Set<String> served = queues != null ? queues : w != null ? w.queues() : everyQueueName;
        if (w == null || !w.live()) {
            long version = w == null ? 0 : w.version() + 1;
            long acked = w == null ? 0 : w.ackedVersion();
            workers.put(
                    id, WorkerRow.builder(id, served).versions(version, acked).build());
            entitlements.registered(id, version, snapshotOf(id));
            step("%s registers at v%d serving %s", id, version, served);
        } else {
            workers.put(
                    id,
                    WorkerRow.builder(id, served)
                            .versions(w.version(), w.ackedVersion())
                            .build());
            step("%s renews its lease serving %s%s", id, served, w.leaseExpired() ? " after it ran out" : "");
        }
    }

    /** The {@code pick}-th live worker acknowledges its version, or one {@code lag} behind. */
    void acknowledge(int pick, int lag) {
        List<WorkerRow> candidates = workers.values().stream()
                .filter(w -> w.live() && (w.ackedVersion() < w.version() || w.leaseExpired()))
                .toList();
        if (candidates.isEmpty()) {
            step("no acknowledgement due");
            return;
        }
        WorkerRow w = candidates.get(pick % candidates.size());
        long behind = w.version() > w.ackedVersion() ? lag % (w.version() - w.ackedVersion()) : 0;
        long acked = Math.max(w.ackedVersion(), w.version() - behind);
        workers.put(
                w.id(),
                WorkerRow.builder(w.id(), w.queues())
                        .versions(w.version(), acked)
                        .build());
        step("%s acknowledges v%d (at v%d)", w.id(), acked, w.version());
    }

    /** The {@code pick}-th live worker leaves gracefully: no longer live, version moved on. */
    void leave(int pick) {
        List<WorkerRow> live = workers.values().stream().filter(WorkerRow::live).toList();
        if (live.isEmpty()) {
            step("nobody to leave");
            return;
        }
        WorkerRow w = live.get(pick % live.size());
        workers.put(w.id(), RowChanges.left(w, false));
        entitlements.issued(w.id(), w.version() + 1, Map.of());
        step("%s leaves (v%d)", w.id(), w.version() + 1);
    }

    /** The database clock passes the {@code pick}-th active worker's lease. */
    void leaseRunsOut(int pick) {
        List<WorkerRow> active =
                workers.values().stream().filter(WorkerRow::active).toList();
        if (active.isEmpty()) {
            step("no lease to run out");
            return;
        }
        WorkerRow w = active.get(pick % active.size());
        workers.put(w.id(), RowChanges.leaseRanOut(w));
        step("%s's lease runs out", w.id());
    }

    /** Creates or resizes a queue. */
    void putQueue(String queue, int partitions) {
        Integer before = queues.put(queue, partitions);
        step("queue %s: %s -> %d partitions", queue, before == null ? "new" : before, partitions);
    }

    void deleteQueue(int pick) {
        if (queues.isEmpty()) {
            step("no queue to delete");
            return;
        }
        String queue = List.copyOf(queues.keySet()).get(pick % queues.size());
        queues.remove(queue);
        step("queue %s deleted", queue);
    }

    /** The acting coordinator's round, committed; returns its plan. */
    RoundPlan round() {
        RoundPlan plan = Rebalance.decide(coordinatorView.apply(state()));
        commit(plan);
        step(
                "round: %d grants, %d revokes, %d releases, %d expirations, versions %s",
                plan.grants(), plan.revokes(), plan.releases(), plan.expirations(), versions(plan));
        return plan;
    }

    /** A coordinator decides a round and is gone before committing it: the next one reads the rows. */
    void coordinatorLost() {
        RoundPlan plan = Rebalance.decide(coordinatorView.apply(state()));
        step(
                "a coordinator decides %d writes and is gone before committing",
                plan.partitions().size() + plan.workers().size());
    }

    /**
     * Every active worker acknowledges its version, then a round, until a round changes nothing or
     * {@code rounds} ran; whether it came to rest.
     */
    boolean settle(int rounds) {
        for (int i = 0; i < rounds; i++) {
            for (WorkerRow w : List.copyOf(workers.values())) {
                if (w.active() && w.ackedVersion() < w.version()) {
                    workers.put(
                            w.id(),
                            WorkerRow.builder(w.id(), w.queues())
                                    .versions(w.version(), w.version())
                                    .build());
                }
            }
            step("every active worker acknowledges its version");
            if (round().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * S1 and S3 so far, any plan the store would have refused, and any ledger entry that does not
     * start from the owner the entries before it left, or a row whose entitled owner the ledger does
     * not end at.
     */
    List<String> violations() {
        // Only a new entitlement or grant can break S1 or S3: judge the history again only then.
        int evidence = entitlements.acquisitions() + grants.size() + refused.size() + ledgerErrors.size();
        if (evidence != judged) {
            violations = Invariants.safety(entitlements.log().intervals());
            violations.addAll(Invariants.grantEpochs(grants));
            violations.addAll(refused);
            violations.addAll(ledgerErrors);
            judged = evidence;
        }
        return List.copyOf(violations);
    }

    /** The active workers and the ASSIGNED owner of every partition of every queue, for S5. */
    Layout layout() {
        Map<String, Set<String>> serving = new TreeMap<>();
        workers.values().stream().filter(WorkerRow::active).forEach(w -> serving.put(w.id(), w.queues()));
        Map<String, String[]> owners = new TreeMap<>();
        queues.forEach((queue, partitions) -> owners.put(queue, new String[partitions]));
        rows.values().forEach(r -> {
            String[] array = owners.get(r.queue());
            if (array != null && r.partition() < array.length && r.state() == PartitionState.ASSIGNED) {
                array[r.partition()] = r.owner();
            }
        });
        return new Layout(queues, serving, owners);
    }

    /** Rows of partitions no queue has (shrunk or deleted) that still have an owner. */
    List<String> ownedBeyondQueues() {
        return rows.values().stream()
                .filter(r -> r.owner() != null && r.partition() >= queues.getOrDefault(r.queue(), 0))
                .map(r -> r.queue() + "/" + r.partition() + " " + r.state() + " " + r.owner())
                .toList();
    }

    /** How often a partition passed from one entitled worker to another. */
    int handoffs() {
        return entitlements.log().handoffs();
    }

    String trace() {
        return String.join("\n", trace);
    }

    private DomainState state() {
        List<QueueSpec> specs = new ArrayList<>();
        queues.forEach((name, partitions) -> specs.add(new QueueSpec(name, partitions)));
        // The store reads the live workers only, and every partition row of the domain.
        List<WorkerRow> live = workers.values().stream().filter(WorkerRow::live).toList();
        return new DomainState("d", specs, live, List.copyOf(rows.values()));
    }

    private void commit(RoundPlan plan) {
        for (Move m : plan.moves()) {
            String before = ledgerOwners.put(new Key(m.queue(), m.partition()), m.to());
            if (!java.util.Objects.equals(before, m.from())) {
                ledgerErrors.add("ledger: " + m + " but the owner was " + before);
            }
        }
        for (PartitionRow r : plan.partitions()) {
            PartitionRow before = rows.put(new Key(r.queue(), r.partition()), r);
            boolean granted = r.state() == PartitionState.ASSIGNED
                    && (before == null
                            || before.state() != PartitionState.ASSIGNED
                            || !before.owner().equals(r.owner())
                            || before.epoch() != r.epoch());
            if (!java.util.Objects.equals(Ledger.entitled(r), ledgerOwners.get(new Key(r.queue(), r.partition())))) {
                ledgerErrors.add("ledger: no entry gave " + r + " its owner");
            }
            if (granted) {
                grants.add(new Interval(r.queue(), r.partition(), r.owner(), r.epoch(), clock + 1, clock + 1));
            }
        }
        for (WorkerChange c : plan.workers()) {
            WorkerRow w = workers.get(c.id());
            if (w == null || !w.live() || c.newVersion() != w.version() + 1) {
                refused.add("the store refuses to move " + c.id() + " (" + w + ") to v" + c.newVersion());
                continue;
            }
            workers.put(
                    c.id(),
                    WorkerRow.builder(c.id(), w.queues())
                            .versions(c.newVersion(), w.ackedVersion())
                            .live(!c.expired())
                            .leaseExpired(w.leaseExpired())
                            .build());
        }
        for (WorkerChange c : plan.workers()) {
            entitlements.issued(c.id(), c.newVersion(), snapshotOf(c.id()));
        }
    }

    /** What the service serves as {@code id}'s snapshot now: its ASSIGNED rows while it is live. */
    private Map<Key, Long> snapshotOf(String id) {
        Map<Key, Long> snapshot = new HashMap<>();
        WorkerRow w = workers.get(id);
        if (w != null && w.live()) {
            rows.forEach((key, r) -> {
                if (id.equals(r.owner()) && r.state() == PartitionState.ASSIGNED) {
                    snapshot.put(key, r.epoch());
                }
            });
        }
        return snapshot;
    }

    private static String versions(RoundPlan plan) {
        StringBuilder s = new StringBuilder();
        plan.workers()
                .forEach(c -> s.append(s.isEmpty() ? "" : ", ")
                        .append(c.id())
                        .append("->v")
                        .append(c.newVersion())
                        .append(c.expired() ? " expired" : ""));
        return s.toString();
    }

    /** Ends a step: the clock moves on and the entitlements are brought up to date at the new time. */
    private void step(String format, Object... args) {
        clock++;
        entitlements.update(workers.values(), clock);
        trace.add(clock + ": " + String.format(format, args));
    }
}
