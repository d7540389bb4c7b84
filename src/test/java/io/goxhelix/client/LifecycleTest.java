package io.goxhelix.client;

import static io.goxhelix.client.RecordingListener.partitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** start(), close() and the states between them. */
class LifecycleTest extends WorkerFixture {

    @Test
    void closeRevokesThenLeavesAndIsIdempotent() {
        // Given a running worker holding two partitions
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1", "q/1@1");
        RecordingListener listener = new RecordingListener(stub::note);
        GoxWorker worker = start(options(stub), listener);
        assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@1")));

        // When it is closed
        worker.close();

        // Then onRevoked returned before the leave was sent, and nothing was sent after it
        List<String> journal = stub.journal();
        int revoked = journal.indexOf("revoked [q/0, q/1]");
        int delete = journal.indexOf("delete");
        assertThat(revoked).isNotNegative().isLessThan(delete);
        assertThat(journal.subList(delete + 1, journal.size())).noneMatch(e -> e.startsWith("heartbeat"));
        assertThat(worker.state()).isEqualTo(WorkerState.TERMINATED);
        assertThat(worker.currentAssignment()).isEmpty();
        assertThat(listener.holding()).isEmpty();

        // And closing again does nothing
        worker.close();
        assertThat(stub.deletes()).isEqualTo(1);
        assertThat(listener.calls()).containsExactly("assigned [q/0@1, q/1@1]", "revoked [q/0, q/1]");
    }

    @Test
    void closeNeverThrowsWhenTheServiceIsGone() {
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        GoxWorker worker = start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        stub.close();

        worker.close();

        assertThat(worker.state()).isEqualTo(WorkerState.TERMINATED);
        assertThat(listener.holding()).isEmpty();
    }

    @Test
    void closeFromACallbackDoesNotDeadlock() {
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        AtomicReference<GoxWorker> self = new AtomicReference<>();
        RecordingListener listener = new RecordingListener();
        listener.duringAssign = () -> self.get().close();
        GoxWorker worker = GoxWorker.create(options(stub).build(), listener);
        self.set(worker);
        worker.start();

        await().until(() -> worker.state() == WorkerState.TERMINATED);
        assertThat(stub.deletes()).isEqualTo(1);
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "revoked [q/0]");
    }

    @Test
    void concurrentClosesAllReturnOnceTerminated() {
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        GoxWorker worker = start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));

        CompletableFuture<WorkerState> other = CompletableFuture.supplyAsync(() -> {
            worker.close();
            return worker.state();
        });
        worker.close();

        assertThat(worker.state()).isEqualTo(WorkerState.TERMINATED);
        assertThat(other.join()).isEqualTo(WorkerState.TERMINATED);
        assertThat(stub.deletes()).isEqualTo(1);
    }

    @Test
    void aWorkerClosedBeforeStartingSendsNothingAndCannotStart() {
        StubCoordinator stub = stub();
        GoxWorker worker = GoxWorker.create(options(stub).build(), new RecordingListener());
        assertThat(worker.state()).isEqualTo(WorkerState.NOT_STARTED);

        worker.close();

        assertThat(worker.state()).isEqualTo(WorkerState.TERMINATED);
        assertThat(stub.journal()).isEmpty();
        assertThatThrownBy(worker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TERMINATED");
    }

    @Test
    void startsOnlyOnce() {
        StubCoordinator stub = stub();
        GoxWorker worker = start(options(stub), new RecordingListener());
        assertThatThrownBy(worker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RUNNING");
    }

    @Test
    void heartbeatsNameTheQueuesAndTheWorkerId() {
        StubCoordinator stub = stub();
        GoxWorker worker = start(
                options(stub).queues("b", "a", "b").workerId("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"),
                new RecordingListener());

        await().until(() -> !stub.heartbeats().isEmpty());
        StubCoordinator.Heartbeat first = stub.heartbeats().get(0);
        assertThat(first.workerId()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(first.queues()).containsExactly("b", "a");
        assertThat(first.ackedVersion()).isZero();
        assertThat(worker.workerId()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    }
}
