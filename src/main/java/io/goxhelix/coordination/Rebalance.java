package io.goxhelix.coordination;

import io.goxhelix.allocation.AllocationInput;
import io.goxhelix.allocation.AllocationPlan;
import io.goxhelix.allocation.Allocator;
import io.goxhelix.allocation.QueueSpec;
import io.goxhelix.allocation.WorkerSpec;
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
 * grant what is free. Every worker whose snapshot changed gets exactly one new version per round.
 *
 * <p>Restart grace: a worker that left to restart ({@link WorkerRow#held()}) is entitled to nothing,
 * but it still counts as a member when partitions are divided, and its partitions are kept {@link
 * PartitionState#HELD} for it instead of being freed. Nobody else gets them meanwhile, so a rolling
 * restart under the same worker ids moves nothing; when it returns in time they are granted back to
 * it with new epochs, and once its grace is over they are freed and divided as after a leave.
 */
public final class Rebalance {

    private Rebalance() {}

    public static RoundPlan decide(DomainState state) {
        return new Round(state).run();
    }

    private static final class Round {
        private final DomainState state;
        private final Map<String, WorkerRow> workers = new HashMap<>();
        private final Map<String, Long> newVersions = new LinkedHashMap<>();
        // Keyed so that a row freed and then granted in the same round is written once, in its final form.
        private final Map<String, PartitionRow> writes = new LinkedHashMap<>();
        private final List<WorkerChange> workerChanges = new ArrayList<>();
        private int grants;
        private int revokes;
        private int releases;
        private int expirations;

        Round(DomainState state) {
            this.state = state;
            for (WorkerRow w : state.workers()) {
                workers.put(w.id(), w);
            }
        }

        RoundPlan run() {
            expireLapsedLeases();
            Map<String, PartitionRow[]> served = servedRows();
            AllocationPlan plan = Allocator.allocate(allocationInput(served));
            for (QueueSpec q : state.queues()) {
                PartitionRow[] rows = served.get(q.name());
                for (int p = 0; p < rows.length; p++) {
                    PartitionRow row = rows[p] != null ? rows[p] : PartitionRow.unassigned(q.name(), p, 0);
                    settle(row, plan.ownerOf(q.name(), p));
                }
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
                    Ledger.movesOf(state, rows));
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

        private PartitionRow free(PartitionRow row) {
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
                    if (!row.owner().equals(target)) {
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
                grant(row, target);
            } else if (!(row.state() == PartitionState.HELD && target.equals(row.owner()))) {
                hold(row, target);
            }
        }

        private void revoke(PartitionRow row) {
            revokes++;
            long version = bump(row.owner());
            write(new PartitionRow(
                    row.queue(), row.partition(), row.owner(), PartitionState.RELEASING, row.epoch(), version));
        }

        private void grant(PartitionRow row, String owner) {
            grants++;
            bump(owner);
            write(new PartitionRow(row.queue(), row.partition(), owner, PartitionState.ASSIGNED, row.epoch() + 1, 0));
        }

        private void write(PartitionRow row) {
            writes.put(row.queue() + '\u0000' + row.partition(), row);
        }

        private long bump(String workerId) {
            return newVersions.computeIfAbsent(workerId, id -> workers.get(id).version() + 1);
        }

        private AllocationInput allocationInput(Map<String, PartitionRow[]> served) {
            List<WorkerSpec> members = new ArrayList<>();
            for (WorkerRow w : state.workers()) {
                if (w.member()) {
                    members.add(new WorkerSpec(w.id(), w.queues()));
                }
            }
            Map<String, String[]> owners = new HashMap<>();
            for (Map.Entry<String, PartitionRow[]> e : served.entrySet()) {
                PartitionRow[] rows = e.getValue();
                String[] owner = new String[rows.length];
                for (int p = 0; p < rows.length; p++) {
                    // A held partition counts as its worker's, so that it stays with it (no move).
                    if (rows[p] != null
                            && (rows[p].state() == PartitionState.ASSIGNED || rows[p].state() == PartitionState.HELD)) {
                        owner[p] = rows[p].owner();
                    }
                }
                owners.put(e.getKey(), owner);
            }
            return new AllocationInput(state.queues(), members, owners);
        }
    }
}
