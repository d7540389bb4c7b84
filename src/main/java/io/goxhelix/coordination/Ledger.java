package io.goxhelix.coordination;

import io.goxhelix.allocation.QueueSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ledger entries of a round: the rows it writes compared with the rows it read, one {@link Move}
 * per partition whose entitled owner differs, with its {@link MoveReason}. Derived after the plan, from
 * the plan and the state alone, so the rebalance itself needs no bookkeeping for it.
 */
public final class Ledger {

    private final Map<String, PartitionRow> before = new HashMap<>();
    private final Set<String> holders = new HashSet<>();
    private final Set<String> grantedQueues = new HashSet<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Map<String, Map<Integer, String>> pins = new HashMap<>();
    private final Map<String, WorkerRow> workers = new HashMap<>();
    private int live;

    /** What the round read, indexed. */
    private Ledger(DomainState state) {
        for (PartitionRow r : state.partitions()) {
            before.put(key(r), r);
            if (entitled(r) != null) {
                holders.add(r.owner());
            }
            if (r.epoch() > 0) {
                grantedQueues.add(r.queue());
            }
        }
        for (QueueSpec q : state.queues()) {
            sizes.put(q.name(), q.partitions());
            pins.put(q.name(), q.pins());
        }
        for (WorkerRow w : state.workers()) {
            workers.put(w.id(), w);
            live += w.active() ? 1 : 0;
        }
    }

    public static List<Move> movesOf(DomainState state, Collection<PartitionRow> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        Ledger ledger = new Ledger(state);
        List<Move> moves = new ArrayList<>();
        for (PartitionRow after : writes) {
            Move m = ledger.moveOf(after);
            if (m != null) {
                moves.add(m);
            }
        }
        return moves;
    }

    /** The entry of a written row, or null if its entitled owner did not change. */
    private Move moveOf(PartitionRow after) {
        PartitionRow b = before.get(key(after));
        String from = b == null ? null : entitled(b);
        String to = entitled(after);
        if (Objects.equals(from, to)) {
            return null;
        }
        Integer size = sizes.get(after.queue());
        MoveReason.Cause cause = new MoveReason.Cause(
                from == null ? MoveReason.Loss.NONE : lossOf(workers.get(from)),
                size == null,
                size != null && after.partition() >= size,
                b == null || b.epoch() == 0,
                grantedQueues.contains(after.queue()),
                b != null && b.state() == PartitionState.HELD,
                to != null && !holders.contains(to),
                to != null
                        && to.equals(pins.getOrDefault(after.queue(), Map.of()).get(after.partition())));
        return new Move(after.queue(), after.partition(), from, to, after.epoch(), MoveReason.of(cause), live);
    }

    /** The worker entitled to the partition, or null. */
    static String entitled(PartitionRow r) {
        return r.state() == PartitionState.ASSIGNED || r.state() == PartitionState.RELEASING ? r.owner() : null;
    }

    /** Why an owner that was entitled when the round began is not any more. */
    private static MoveReason.Loss lossOf(WorkerRow owner) {
        if (owner == null) {
            // Departed workers outside a restart grace are not read at all.
            return MoveReason.Loss.LEFT;
        } else if (owner.held()) {
            return MoveReason.Loss.RESTARTING;
        } else if (owner.live() && owner.leaseExpired()) {
            return MoveReason.Loss.EXPIRED;
        } else if (!owner.live()) {
            return MoveReason.Loss.LEFT;
        } else if (owner.drain() == Drain.DRAINING || owner.drain() == Drain.DRAINED) {
            return MoveReason.Loss.DRAINED;
        }
        return MoveReason.Loss.RELEASED;
    }

    private static String key(PartitionRow r) {
        return r.queue() + '\u0000' + r.partition();
    }
}
