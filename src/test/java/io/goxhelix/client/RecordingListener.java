package io.goxhelix.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A listener that keeps what the application would hold (by applying the callbacks), the calls in
 * order, how many ran at once at most and on which threads, and writes each completed callback into an
 * optional journal (the stub's, to order it against the requests the stub received).
 */
class RecordingListener implements PartitionListener {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<PartitionRef, Long> holding = new ConcurrentHashMap<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger leaseLost = new AtomicInteger();
    private final Consumer<String> journal;
    /** Runs inside every callback, before it records anything (to make callbacks slow or block them). */
    volatile Runnable duringRevoke = () -> {};

    volatile Runnable duringAssign = () -> {};

    RecordingListener(Consumer<String> journal) {
        this.journal = journal;
    }

    RecordingListener() {
        this(entry -> {});
    }

    @Override
    public void onAssigned(Set<AssignedPartition> partitions) {
        enter();
        try {
            duringAssign.run();
            for (AssignedPartition p : partitions) {
                Long previous = holding.put(p.ref(), p.epoch());
                if (previous != null) {
                    calls.add("ERROR assigned while holding " + p);
                }
            }
            record("assigned " + partitions);
        } finally {
            exit();
        }
    }

    @Override
    public void onRevoked(Set<PartitionRef> partitions) {
        enter();
        try {
            duringRevoke.run();
            for (PartitionRef p : partitions) {
                if (holding.remove(p) == null) {
                    calls.add("ERROR revoked while not holding " + p);
                }
            }
            record("revoked " + partitions);
        } finally {
            exit();
        }
    }

    @Override
    public void onLeaseLost() {
        enter();
        try {
            leaseLost.incrementAndGet();
            record("lease lost");
        } finally {
            exit();
        }
    }

    private void record(String call) {
        calls.add(call);
        journal.accept(call);
    }

    private void enter() {
        threads.add(Thread.currentThread().getName());
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
    }

    private void exit() {
        active.decrementAndGet();
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** partition -> epoch, as the application holds it after the callbacks so far. */
    Map<PartitionRef, Long> holding() {
        return new TreeMap<>(holding);
    }

    int maxConcurrentCallbacks() {
        return maxActive.get();
    }

    Set<String> threads() {
        return Set.copyOf(threads);
    }

    int leaseLost() {
        return leaseLost.get();
    }

    static Map<PartitionRef, Long> partitions(String... queuePartitionEpoch) {
        Map<PartitionRef, Long> map = new TreeMap<>();
        for (String s : queuePartitionEpoch) {
            String[] qp = s.split("[/@]");
            map.put(new PartitionRef(qp[0], Integer.parseInt(qp[1])), Long.parseLong(qp[2]));
        }
        return map;
    }
}
