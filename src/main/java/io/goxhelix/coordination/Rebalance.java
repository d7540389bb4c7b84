package io.goxhelix.coordination;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import io.goxhelix.allocation.Allocator;
import io.goxhelix.allocation.LoadBalancer;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.Shortfall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One coordinator round for one domain, decided without I/O.
 *
 * <p>Safety before balance: a partition is granted only when no worker is entitled to it (S1). A worker
 * stays entitled to a partition from the snapshot that granted it until it acknowledges a version
 * without it, its lease expires, or it leaves. So a move is two rounds: revoke (the row turns
 * RELEASING and the owner's version moves past it), then, once the owner's acknowledgement or the end
 * of its lease is seen, grant with the next epoch (S3).
 *
 * <p>Steps, in order: expire workers whose lease is over; free the partitions whose owner is no longer
 * entitled; ask the allocator for the target of every partition; revoke what the target moves away;
 * grant what is free, the queues of higher priority first, and never beyond a worker's {@code
 * maxPartitions} counting what it still releases. Every worker whose snapshot changed gets exactly
 * one new version per round.
 *
 * <p>Restart grace: a worker that left to restart ({@link WorkerRow#held()}) is entitled to nothing,
 * but it still counts as a member when partitions are divided, and its partitions are kept {@link
 * PartitionState#HELD} for it instead of being freed. Nobody else gets them meanwhile, so a rolling
 * restart under the same worker ids moves nothing; when it returns in time they are granted back to
 * it with new epochs, and once its grace is over they are freed and divided as after a leave.
 *
 * <p>Planned events (see {@link WorkerMode}): a cordoned worker, or one whose drain is queued, keeps
 * what it holds and receives nothing; a draining worker receives nothing and has every partition
 * revoked, which the usual handoff then grants to others; it turns DRAINED in the round that frees
 * its last one. At most {@code maxConcurrentDrains} workers of a domain drain at once; the others
 * wait, QUEUED, in the order the state lists them. Drains move on before the division, so a drain
 * that starts in a round is revoked in that round.
 *
 * <p>Restraint: while the domain is frozen, or while its active workers announce different
 * application versions (a rollout, see {@link AppVersion}), nothing moves for balance; only what must
 * move is placed, during a rollout on the newest version ({@link Restrained}). So a rolling restart
 * that starts each new worker before it drains an old one moves each partition once.
 *
 * <p>Balance: by count ({@link Allocator}), or in a domain in load mode by the loads the workers
 * report ({@link LoadInputs}).
 */
public final class Rebalance {

    private Rebalance() {}

    public static RoundPlan decide(DomainState state) {
        return decide(state, 1, LoadInputs.DEFAULT_SETTINGS);
    }

    /**
     * @param maxConcurrentDrains see {@code gox.coordinator.max-concurrent-drains}
     * @param loadSettings how a domain in load mode is balanced ({@link LoadInputs})
     */
    public static RoundPlan decide(DomainState state, int maxConcurrentDrains, LoadBalancer.Settings loadSettings) {
        return new Round(state, maxConcurrentDrains, loadSettings).run();
    }

    private static final class Round implements Restrained.Moves {
        private final DomainState state;
        private final Map<String, WorkerRow> workers = new HashMap<>();
        private final Map<String, Long> newVersions = new LinkedHashMap<>();
        // Keyed so that a row freed and then granted in the same round is written once, in its final form.
        private final Map<String, PartitionRow> writes = new LinkedHashMap<>();
        private final List<WorkerChange> workerChanges = new ArrayList<>();
        /** Per worker, the partitions it is entitled to now (assigned or releasing), grants included. */
        private final Map<String, Integer> entitled = new HashMap<>();

        private final Map<String, DrainChange> drainChanges = new LinkedHashMap<>();
        private final int maxConcurrentDrains;
        private final LoadBalancer.Settings loadSettings;
        private int grants;
        private int revokes;
        private int releases;
        private int expirations;

        Round(DomainState state, int maxConcurrentDrains, LoadBalancer.Settings loadSettings) {
            this.state = state;
            this.maxConcurrentDrains = maxConcurrentDrains;
            this.loadSettings = loadSettings;
            for (WorkerRow w : state.workers()) {
                workers.put(w.id(), w);
            }
        }

        RoundPlan run() {
            expireLapsedLeases();
            Map<String, PartitionRow[]> served = servedRows();
            moveDrainsOn();
            String newest = rolloutTarget();
            Map<String, Shortfall> shortfalls = Map.of();
            if (state.frozen() || newest != null) {
                new Restrained(this, served, newest).placeWhatMustMove(state.queues());
            } else {
                shortfalls = balance(served);
            }
            for (Map.Entry<String, Long> e : newVersions.entrySet()) {
                WorkerRow w = workers.get(e.getKey());
                workerChanges.add(new WorkerChange(e.getKey(), e.getValue(), w.live() && w.leaseExpired()));
            }
            List<PartitionRow> rows = List.copyOf(writes.values());
            return new RoundPlan(
                    state.domain(),
                    rows,
                    workerChanges,
                    grants,
                    revokes,
                    releases,
                    expirations,
                    List.copyOf(drainChanges.values()),
                    shortfalls,
                    Ledger.movesOf(state, rows));
        }

        /** Every partition to its target: by count, or by load in a domain in load mode. */
        private Map<String, Shortfall> balance(Map<String, PartitionRow[]> served) {
            AllocationInput input = AllocationInputs.of(state, workers, served);
            AllocationPlan plan = state.balancing().byLoad()
                    ? LoadInputs.allocate(state, input, served, loadSettings)
                    : Allocator.allocate(input);
            // Higher priorities first: where a capacity bound lets a worker take only some of its
            // grants this round, those of the more important queues go first.
            for (QueueSpec q :
                    state.queues().stream().sorted(QueueSpec.BY_PRIORITY).toList()) {
                PartitionRow[] rows = served.get(q.name());
                for (int p = 0; p < rows.length; p++) {
                    PartitionRow row = rows[p] != null ? rows[p] : PartitionRow.unassigned(q.name(), p, 0);
                    settle(row, plan.ownerOf(q.name(), p));
                }
            }
            return plan.shortfalls();
        }

        /**
         * DRAINING workers that hold nothing any more are DRAINED; queued drains start, in the order
         * listed, while fewer than the budget run. A drain that starts with nothing to hand off is
         * over at once.
         */
        private void moveDrainsOn() {
            Map<String, Integer> holding = holdings();
            int draining = 0;
            for (WorkerRow listed : state.workers()) {
                WorkerRow w = workers.get(listed.id());
                if (w.active() && w.drain() == Drain.DRAINING) {
                    if (holding.getOrDefault(w.id(), 0) == 0) {
                        changeDrain(w, Drain.DRAINED);
                    } else {
                        draining++;
                    }
                }
            }
            for (WorkerRow listed : state.workers()) {
                WorkerRow w = workers.get(listed.id());
                if (w.active() && w.drain() == Drain.QUEUED && draining < maxConcurrentDrains) {
                    if (holding.getOrDefault(w.id(), 0) == 0) {
                        changeDrain(w, Drain.DRAINED);
                    } else {
                        changeDrain(w, Drain.DRAINING);
                        draining++;
                    }
                }
            }
        }

        /** Partitions each worker is entitled to (assigned or releasing) once the frees are written. */
        private Map<String, Integer> holdings() {
            Map<String, Integer> holding = new HashMap<>();
            for (PartitionRow stored : state.partitions()) {
                PartitionRow row = writes.getOrDefault(key(stored), stored);
                if (row.state() == PartitionState.ASSIGNED || row.state() == PartitionState.RELEASING) {
                    holding.merge(row.owner(), 1, Integer::sum);
                }
            }
            return holding;
        }

        private void changeDrain(WorkerRow w, Drain to) {
            DrainChange before = drainChanges.get(w.id());
            drainChanges.put(w.id(), new DrainChange(w.id(), before == null ? w.drain() : before.from(), to));
            workers.put(w.id(), w.withDrain(to));
        }

        /** The newest application version while the active workers announce more than one, else null. */
        private String rolloutTarget() {
            List<String> versions = new ArrayList<>();
            for (WorkerRow w : workers.values()) {
                if (w.active()) {
                    versions.add(w.appVersion());
                }
            }
            return AppVersion.rolloutTarget(versions);
        }

        private void expireLapsedLeases() {
            for (WorkerRow w : state.workers()) {
                if (w.live() && w.leaseExpired()) {
                    expirations++;
                    bump(w.id());
                }
            }
        }

        /**
         * The rows of partitions that are still served, indexed by queue and partition for the
         * allocator, each freed if its owner is no longer entitled; the others retire.
         */
        private Map<String, PartitionRow[]> servedRows() {
            Map<String, PartitionRow[]> served = new HashMap<>();
            for (QueueSpec q : state.queues()) {
                served.put(q.name(), new PartitionRow[q.partitions()]);
            }
            for (PartitionRow row : state.partitions()) {
                PartitionRow current = freeIfNotEntitled(row);
                if (current.state() == PartitionState.ASSIGNED || current.state() == PartitionState.RELEASING) {
                    entitled.merge(current.owner(), 1, Integer::sum);
                }
                PartitionRow[] rows = served.get(row.queue());
                if (rows != null && row.partition() < rows.length) {
                    rows[row.partition()] = current;
                } else {
                    retire(current);
                }
            }
            return served;
        }

        /**
         * Ends the owner's entitlement if it left, expired, or confirmed the release; the partitions
         * of a worker that left to restart are held for it rather than freed, as long as its grace runs.
         */
        private PartitionRow freeIfNotEntitled(PartitionRow row) {
            if (row.owner() == null) {
                return row;
            }
            WorkerRow owner = workers.get(row.owner());
            if (row.state() == PartitionState.HELD) {
                return owner != null && owner.member() ? row : free(row);
            }
            boolean entitled = owner != null && owner.active();
            boolean confirmed =
                    row.state() == PartitionState.RELEASING && entitled && owner.ackedVersion() >= row.releaseVersion();
            if (entitled && !confirmed) {
                return row;
            }
            if (owner != null && owner.held() && row.state() == PartitionState.ASSIGNED) {
                return hold(row, owner.id());
            }
            return free(row);
        }

        @Override
        public PartitionRow free(PartitionRow row) {
            releases++;
            PartitionRow freed = PartitionRow.unassigned(row.queue(), row.partition(), row.epoch());
            write(freed);
            return freed;
        }

        /** Keeps the partition for a worker within its restart grace; it has no owner meanwhile. */
        private PartitionRow hold(PartitionRow row, String workerId) {
            PartitionRow held =
                    new PartitionRow(row.queue(), row.partition(), workerId, PartitionState.HELD, row.epoch(), 0);
            write(held);
            return held;
        }

        /** A partition no longer served (queue shrunk or deleted) is revoked, then left unowned. */
        private void retire(PartitionRow row) {
            if (row.state() == PartitionState.ASSIGNED) {
                revoke(row);
            } else if (row.state() == PartitionState.HELD) {
                free(row);
            }
        }

        private void settle(PartitionRow row, String target) {
            switch (row.state()) {
                case ASSIGNED -> {
                    WorkerRow owner = workers.get(row.owner());
                    if (keepsWithoutReceiving(owner)) {
                        // Cordoned or queued to drain: not divided among, yet keeps what it serves.
                        if (!owner.queues().contains(row.queue())) {
                            revoke(row);
                        }
                    } else if (!row.owner().equals(target)) {
                        revoke(row);
                    }
                }
                case RELEASING -> {
                    // The owner is still entitled: the grant waits for its acknowledgement or lease end.
                }
                case UNASSIGNED, HELD -> place(row, target);
            }
        }

        /**
         * An unowned partition goes to its target: granted if the target is active, held for it if
         * the target is a worker within its restart grace (its share waits for it), freed if none.
         */
        private void place(PartitionRow row, String target) {
            if (target == null) {
                if (row.state() == PartitionState.HELD) {
                    free(row);
                }
            } else if (workers.get(target).active()) {
                if (hasRoom(target)) {
                    grant(row, target);
                }
            } else if (!(row.state() == PartitionState.HELD && target.equals(row.owner()))) {
                hold(row, target);
            }
        }

        /**
         * A worker never holds more than its {@code maxPartitions}, releasing ones included: a grant
         * that would exceed it waits for the worker's releases to be confirmed (a later round).
         */
        @Override
        public boolean hasRoom(String workerId) {
            return entitled.getOrDefault(workerId, 0)
                    < workers.get(workerId).profile().maxPartitions();
        }

        private static boolean keepsWithoutReceiving(WorkerRow w) {
            return w.mode().keeps() && !w.mode().receives();
        }

        @Override
        public WorkerRow worker(String id) {
            return workers.get(id);
        }

        @Override
        public Iterable<WorkerRow> workers() {
            return workers.values();
        }

        @Override
        public void revoke(PartitionRow row) {
            revokes++;
            long version = bump(row.owner());
            write(new PartitionRow(
                    row.queue(), row.partition(), row.owner(), PartitionState.RELEASING, row.epoch(), version));
        }

        @Override
        public void grant(PartitionRow row, String owner) {
            grants++;
            entitled.merge(owner, 1, Integer::sum);
            bump(owner);
            write(new PartitionRow(row.queue(), row.partition(), owner, PartitionState.ASSIGNED, row.epoch() + 1, 0));
        }

        private void write(PartitionRow row) {
            writes.put(key(row), row);
        }

        private static String key(PartitionRow row) {
            return row.queue() + '\u0000' + row.partition();
        }

        private long bump(String workerId) {
            return newVersions.computeIfAbsent(workerId, id -> workers.get(id).version() + 1);
        }
    }
}
