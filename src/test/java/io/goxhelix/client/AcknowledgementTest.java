package io.goxhelix.client;

import static io.goxhelix.client.RecordingListener.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Callbacks run in order, one at a time, and a revocation is acknowledged only once it returned. */
class AcknowledgementTest extends WorkerFixture {

    @Test
    void aRevocationIsAcknowledgedOnlyAfterOnRevokedReturned() throws Exception {
        // Given a worker holding two partitions at version 1
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1", "q/1@1");
        RecordingListener listener = new RecordingListener(stub::note);
        GoxWorker worker = start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@1")));
        await().until(() -> stub.ackedVersions().contains(1L));

        // When version 2 takes q/1 away and the application is slow to stop work on it
        CountDownLatch inRevoke = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.duringRevoke = holdUntil(inRevoke, release);
        stub.publish(2, "q/0@1");
        assertThat(inRevoke.await(10, TimeUnit.SECONDS)).isTrue();

        // Then the worker stops holding q/1 at once, keeps its lease alive, but does not acknowledge 2
        assertThat(worker.isHolding("q", 1)).isFalse();
        assertThat(worker.epochOf("q", 0)).hasValue(1);
        int beats = stub.heartbeats().size();
        await().until(() -> stub.heartbeats().size() >= beats + 3);
        assertThat(stub.ackedVersions()).doesNotContain(2L);

        // And acknowledges it right after onRevoked returned
        release.countDown();
        await().until(() -> stub.ackedVersions().contains(2L));
        List<String> journal = stub.journal();
        assertThat(journal.indexOf("revoked [q/1]")).isNotNegative().isLessThan(journal.indexOf("heartbeat acked=2"));
        assertThat(listener.holding()).isEqualTo(partitions("q/0@1"));
        assertThat(listener.calls()).containsExactly("assigned [q/0@1, q/1@1]", "revoked [q/1]");
    }

    @Test
    void aPartitionIsShownAsHeldOnlyOnceOnAssignedReturned() throws Exception {
        // Given a worker whose application is slow to start work on what it is given
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        CountDownLatch inAssign = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.duringAssign = holdUntil(inAssign, release);
        GoxWorker worker = start(options(stub), listener);

        // When onAssigned is still running
        assertThat(inAssign.await(10, TimeUnit.SECONDS)).isTrue();

        // Then the partition is not yet reported as held, and is once onAssigned returned
        assertThat(worker.isHolding("q", 0)).isFalse();
        assertThat(worker.currentAssignment()).isEmpty();
        release.countDown();
        await().until(() -> worker.isHolding("q", 0));
        assertThat(worker.epochOf("q", 0)).hasValue(1);
        assertThat(listener.holding()).isEqualTo(partitions("q/0@1"));
    }

    @Test
    void callbacksNeverOverlapEvenWhenSlowAndSnapshotsComeFast() {
        // Given an application whose callbacks take a while
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        Runnable slow = () -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        listener.duringAssign = slow;
        listener.duringRevoke = slow;
        start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));

        // When 40 snapshots follow each other as fast as the stub can push them
        String[] last = null;
        for (int v = 2; v <= 41; v++) {
            List<String> parts = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                if ((p + v) % 3 != 0) {
                    parts.add("q/" + p + "@" + v);
                }
            }
            last = parts.toArray(String[]::new);
            stub.publish(v, last);
        }

        // Then the application ends up holding the last one, having been told one thing at a time,
        // on one thread, never told to take what it held or to drop what it did not hold
        String[] expected = last;
        await().until(() -> listener.holding().equals(partitions(expected)));
        await().until(() -> stub.ackedVersions().contains(41L));
        assertThat(listener.maxConcurrentCallbacks()).isEqualTo(1);
        assertThat(listener.threads()).hasSize(1);
        assertThat(listener.calls()).noneMatch(c -> c.startsWith("ERROR"));
    }

    /** A callback that says it has started, then waits for {@code release}. */
    private static Runnable holdUntil(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
