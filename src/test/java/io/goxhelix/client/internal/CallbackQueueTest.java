package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callbacks one at a time on one thread, and the revocation note only after onRevoked returned. */
class CallbackQueueTest {

    private static final String WORKER_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final PartitionRef Q0 = new PartitionRef("q", 0);
    private static final PartitionRef Q1 = new PartitionRef("q", 1);

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private volatile Runnable duringRevoke = () -> {};
    private final CallbackQueue queue = new CallbackQueue(
            new Listener(),
            assigned -> calls.add("shown " + assigned),
            WORKER_ID,
            WorkerThreads.of(WORKER_ID, "callbacks"));

    @AfterEach
    void shutdown() {
        queue.shutdown();
    }

    @Test
    void deliversRevocationsThenTheLeaseLossThenTheNoteThenTheGrants() {
        queue.deliver(WorkerRule.change(Map.of(Q0, 1L), Map.of(Q1, 2L)), true, () -> calls.add("note"));

        await().until(() -> calls.size() == 5);
        assertThat(calls).containsExactly("revoked [q/0]", "lease lost", "note", "assigned [q/1@2]", "shown [q/1@2]");
    }

    @Test
    void leavesOutWhatAChangeDoesNotBring() {
        queue.deliver(WorkerRule.change(Map.of(), Map.of()), false, () -> calls.add("note"));
        queue.deliver(WorkerRule.change(Map.of(), Map.of(Q0, 1L)), false, () -> calls.add("note"));

        await().until(() -> calls.size() == 4);
        assertThat(calls).containsExactly("note", "note", "assigned [q/0@1]", "shown [q/0@1]");
    }

    @Test
    void theNoteWaitsForAnOnRevokedThatIsSlowToReturn() throws Exception {
        // Given an onRevoked that blocks
        CountDownLatch inRevoke = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        duringRevoke = () -> {
            inRevoke.countDown();
            awaitQuietly(release);
        };

        // When a change and a later one are queued
        queue.deliver(WorkerRule.change(Map.of(Q0, 1L), Map.of()), false, () -> calls.add("note 1"));
        queue.deliver(WorkerRule.change(Map.of(), Map.of(Q1, 1L)), false, () -> calls.add("note 2"));

        // Then neither note runs, nor the later callbacks, while onRevoked has not returned
        assertThat(inRevoke.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).isEmpty();
        release.countDown();
        await().until(() -> calls.size() == 5);
        assertThat(calls).containsExactly("revoked [q/0]", "note 1", "note 2", "assigned [q/1@1]", "shown [q/1@1]");
    }

    @Test
    void aCallbackThatThrowsCountsAsReturned() {
        duringRevoke = () -> {
            throw new IllegalStateException("the application failed");
        };

        queue.deliver(WorkerRule.change(Map.of(Q0, 1L), Map.of(Q1, 1L)), false, () -> calls.add("note"));

        await().until(() -> calls.size() == 3);
        assertThat(calls).containsExactly("note", "assigned [q/1@1]", "shown [q/1@1]");
    }

    @Test
    void everyCallbackRunsOnTheOneCallbackThread() {
        List<Boolean> onCallbackThread = new CopyOnWriteArrayList<>();
        for (int v = 1; v <= 20; v++) {
            long epoch = v;
            queue.deliver(
                    WorkerRule.change(Map.of(Q0, epoch - 1), Map.of(Q0, epoch)),
                    false,
                    () -> onCallbackThread.add(queue.isCallbackThread()));
        }

        await().until(() -> onCallbackThread.size() == 20 && calls.size() == 60);
        assertThat(onCallbackThread).containsOnly(true);
        assertThat(threads).containsExactly("gox-worker-0f1e2d3c-callbacks");
        assertThat(queue.isCallbackThread()).isFalse();
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements PartitionListener {

        @Override
        public void onAssigned(Set<AssignedPartition> partitions) {
            threads.add(Thread.currentThread().getName());
            calls.add("assigned " + partitions);
        }

        @Override
        public void onRevoked(Set<PartitionRef> partitions) {
            threads.add(Thread.currentThread().getName());
            duringRevoke.run();
            calls.add("revoked " + partitions);
        }

        @Override
        public void onLeaseLost() {
            threads.add(Thread.currentThread().getName());
            calls.add("lease lost");
        }
    }
}
