package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks one at a time, in order, on one thread; none once halted. */
class ControlThreadTest {

    private static final String WORKER_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private final ControlThread control = new ControlThread(WORKER_ID, WorkerThreads.of(WORKER_ID, "control"));
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutdown() {
        control.shutdownNow();
    }

    @Test
    void runsTasksInOrderOnOneThreadPastOneThatThrows() throws Exception {
        control.post(() -> ran.add("a " + Thread.currentThread().getName()));
        control.post(() -> {
            throw new IllegalStateException("a bug");
        });
        control.post(() -> ran.add("b " + Thread.currentThread().getName()));

        control.call(() -> ran.add("c")).get(10, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("a gox-worker-0f1e2d3c-control", "b gox-worker-0f1e2d3c-control", "c");
    }

    @Test
    void dropsQueuedAndLaterTasksAndTimersOnceHalted() throws Exception {
        control.post(() -> ran.add("before"));
        control.post(control::halt);
        control.post(() -> ran.add("queued"));
        control.after(0, () -> ran.add("timer"));
        control.post(() -> ran.add("posted"));

        control.call(() -> ran.add("call")).get(10, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("before", "call");
    }

    @Test
    void ignoresWhatIsPostedOnceItEnded() {
        control.shutdownNow();

        control.post(() -> ran.add("late"));

        assertThat(ran).isEmpty();
    }
}
