package io.goxhelix.client;

import static io.goxhelix.client.RecordingListener.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.StubCoordinator.Heartbeats;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The worker rule's conditions on the answered heartbeats: (b) the snapshot is at least as new as the
 * version they announce, (c) the lease, counted from their sending less the margin, runs; and the
 * restart after a 409.
 */
class LeaseTest extends WorkerFixture {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void selfFencesBeforeTheLeaseCountedFromTheSendingCanRunOut() {
        // Given a worker on a controlled clock, holding q/0 under a 10 s lease; every heartbeat so far
        // was sent at time 0, so the service cannot expire it before 10 s
        AtomicLong clock = new AtomicLong(0);
        AtomicLong lostAt = new AtomicLong(-1);
        StubCoordinator stub = stub();
        stub.leaseTimeout(Duration.ofSeconds(10));
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onLeaseLost() {
                lostAt.set(clock.get());
                super.onLeaseLost();
            }
        };
        GoxWorker worker = start(options(stub).nanoTime(clock::get), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));

        // When heartbeats are no longer answered
        stub.heartbeats(Heartbeats.FAIL);

        // Then it keeps working until the lease less the default margin (1 s) has passed
        clock.set(9 * SECOND - 1);
        assertThat(worker.isHolding("q", 0)).isTrue();
        await().during(Duration.ofMillis(300)).until(() -> listener.leaseLost() == 0);

        // And stops at that point, before the service's 10 s: onRevoked, then onLeaseLost
        clock.set(9 * SECOND);
        assertThat(worker.isHolding("q", 0)).isFalse();
        assertThat(worker.currentAssignment()).isEmpty();
        await().until(() -> listener.leaseLost() == 1);
        assertThat(lostAt.get()).isLessThan(10 * SECOND);
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "revoked [q/0]", "lease lost");
        assertThat(listener.holding()).isEmpty();

        // When the service answers again, it holds again (its answer proves the lease was renewed)
        stub.heartbeats(Heartbeats.ANSWER);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        assertThat(worker.isHolding("q", 0)).isTrue();
    }

    @Test
    void selfFencesOnItsOwnTimerWhenHeartbeatsHang() {
        // Given a worker holding q/0 under a short lease on the real clock
        StubCoordinator stub = stub();
        stub.leaseTimeout(Duration.ofMillis(1500));
        stub.heartbeatInterval(Duration.ofMillis(100));
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        GoxWorker worker = start(options(stub).requestTimeout(Duration.ofSeconds(5)), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));

        // When heartbeats hang (no answer, no error, no event of any kind)
        stub.heartbeats(Heartbeats.HANG);

        // Then the worker fences itself anyway
        await().until(() -> listener.leaseLost() == 1);
        assertThat(worker.isHolding("q", 0)).isFalse();
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "revoked [q/0]", "lease lost");

        // And resumes once heartbeats are answered again
        stub.heartbeats(Heartbeats.ANSWER);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
    }

    @Test
    void holdsNothingWhileAHeartbeatAnnouncesAVersionItHasNotReceived() {
        // Given a worker holding two partitions at version 1
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1", "q/1@1");
        RecordingListener listener = new RecordingListener();
        GoxWorker worker = start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@1")));

        // When a heartbeat answer announces version 2, which neither the stream nor the snapshot has yet
        stub.announce(2);

        // Then it stops holding everything (without losing its lease)
        await().until(() -> listener.holding().isEmpty());
        assertThat(worker.currentAssignment()).isEmpty();
        assertThat(listener.leaseLost()).isZero();

        // Until version 2 arrives
        stub.publish(2, "q/0@1");
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        await().until(() -> stub.ackedVersions().contains(2L));
        assertThat(worker.currentAssignment()).isEqualTo(partitions("q/0@1"));
        assertThat(listener.calls())
                .containsExactly("assigned [q/0@1, q/1@1]", "revoked [q/0, q/1]", "assigned [q/0@1]");
    }

    @Test
    void fetchesAnAnnouncedVersionTheStreamDidNotCarry() {
        // Given a worker whose stream is silently stuck (it will never carry version 2)
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        int polls = stub.polls();

        // When heartbeats announce version 2, served as JSON only
        stub.setSnapshot(2, "q/0@1", "q/1@1");
        stub.announce(2);

        // Then the worker fetches it
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@1")));
        await().until(() -> stub.ackedVersions().contains(2L));
        assertThat(stub.polls()).isGreaterThan(polls);
    }

    @Test
    void startsOverAfterAConflictAsAfterADatabaseRestore() {
        // Given a worker that acknowledged version 5
        StubCoordinator stub = stub();
        stub.publish(5, "q/0@1");
        RecordingListener listener = new RecordingListener();
        GoxWorker worker = start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        await().until(() -> stub.ackedVersions().contains(5L));

        // When the service goes back to version 2 (its heartbeats now answer 409 to ackedVersion 5)
        stub.restore(2, "q/1@7");

        // Then the worker revokes, registers again with ackedVersion 0, resubscribes without
        // Last-Event-ID, and follows the service's state as it is now
        await().until(() -> listener.holding().equals(partitions("q/1@7")));
        await().until(() -> stub.ackedVersions().contains(2L));
        List<Long> acked = stub.ackedVersions();
        // (the re-registering heartbeat and the acknowledgement of the new snapshot may cross: both
        // are fine, since the service keeps the highest acknowledgement of a live worker)
        List<Long> afterConflict = acked.subList(acked.lastIndexOf(5L) + 1, acked.size());
        assertThat(afterConflict).contains(0L, 2L).allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(2L));
        assertThat(stub.lastEventIds()).last().isEqualTo("-");
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "revoked [q/0]", "assigned [q/1@7]");
        assertThat(listener.leaseLost()).isZero();
        assertThat(worker.currentAssignment().keySet()).isEqualTo(Set.of(new PartitionRef("q", 1)));
    }
}
