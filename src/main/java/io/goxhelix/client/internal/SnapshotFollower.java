package io.goxhelix.client.internal;

import io.goxhelix.client.WorkerOptions;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How a worker follows its assignment: over the SSE stream, and while the stream is down by polling the
 * JSON snapshot at the heartbeat interval, each moving to the next instance of the service when one
 * fails. Versions only go forward: the stream and the polls may both deliver one, and only a newer
 * snapshot of this worker, in the current generation, is handed on. Confined to the control thread;
 * the stream reads on its own thread and posts what it reads.
 */
final class SnapshotFollower {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");

    private final String workerId;
    private final String domain;
    private final String who;
    private final long idleNanos;
    private final WorkerApi api;
    private final ControlThread control;
    private final Generation generation;
    private final LongSupplier pollIntervalNanos;
    private final Consumer<Messages.Snapshot> newer;
    private final Endpoints pollEndpoints;
    private final AssignmentStream stream;

    private Messages.Snapshot latest;
    private volatile long knownVersion = -1; // also read by the stream's thread, for Last-Event-ID
    private boolean streamUp;
    private int streamFailures;
    private boolean polling;
    private Future<?> nextPoll;
    private boolean catchingUp;

    /**
     * @param pollIntervalNanos how long to wait between polls
     * @param newer takes each newer snapshot, on the control thread
     */
    SnapshotFollower(
            WorkerOptions options,
            WorkerApi api,
            ControlThread control,
            Generation generation,
            LongSupplier pollIntervalNanos,
            Consumer<Messages.Snapshot> newer) {
        this.workerId = options.workerId();
        this.domain = options.domain();
        this.who = "worker " + workerId;
        this.idleNanos = options.streamIdleTimeout().toNanos();
        this.api = api;
        this.control = control;
        this.generation = generation;
        this.pollIntervalNanos = pollIntervalNanos;
        this.newer = newer;
        this.pollEndpoints = new Endpoints(options.baseUris());
        this.stream = api.stream(
                new Endpoints(options.baseUris()),
                new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay()),
                new StreamSink(),
                WorkerThreads.of(workerId, "stream"));
    }

    void start() {
        stream.start();
    }

    /** The newest snapshot received in this generation, or {@code null}. */
    Messages.Snapshot latest() {
        return latest;
    }

    /**
     * A heartbeat announced {@code version}: if the worker has not received it, it holds nothing until
     * it has, so it fetches the snapshot at once rather than wait for the stream, which may be slow or
     * silently stuck. One fetch at a time.
     */
    void catchUp(long version) {
        if ((latest != null && latest.version() >= version) || catchingUp) {
            return;
        }
        catchingUp = true;
        pollOnce().whenComplete((ignored, failure) -> control.post(() -> catchingUp = false));
    }

    /** Forgets the snapshot, and subscribes again from scratch in the (new) current generation. */
    void startOver() {
        latest = null;
        knownVersion = -1;
        stream.restart(generation.current());
        pollOnce();
    }

    /** Drops an open stream that carried nothing, not even a comment, for the idle timeout. */
    void closeIfIdle() {
        stream.closeIfIdle(idleNanos);
    }

    /** Stops the stream for good. Any thread. */
    void close() {
        stream.close();
    }

    private void offer(Messages.Snapshot snapshot, int gen) {
        if (!generation.isCurrent(gen)) {
            return;
        }
        if (!snapshot.workerId().equalsIgnoreCase(workerId)
                || !snapshot.domain().equals(domain)) {
            LOG.log(
                    Level.WARNING,
                    () -> who + ": ignoring a snapshot of " + snapshot.domain() + "/" + snapshot.workerId());
            return;
        }
        if (latest != null && snapshot.version() <= latest.version()) {
            return;
        }
        latest = snapshot;
        knownVersion = snapshot.version();
        newer.accept(snapshot);
    }

    private void streamConnected(int gen, URI base) {
        if (!generation.isCurrent(gen)) {
            return;
        }
        if (!streamUp) {
            LOG.log(Level.DEBUG, () -> who + ": assignment stream open on " + base);
        }
        streamUp = true;
        streamFailures = 0;
        polling = false;
        ControlThread.cancel(nextPoll);
    }

    private void streamDisconnected(int gen, URI base, String reason) {
        if (!generation.isCurrent(gen)) {
            return;
        }
        LOG.log(
                streamFailures++ == 0 ? Level.WARNING : Level.DEBUG,
                () -> who + ": assignment stream on " + base + " lost (" + reason
                        + "); reconnecting, polling meanwhile");
        streamUp = false;
        if (!polling) {
            polling = true;
            poll();
        }
    }

    /** One poll of the JSON snapshot, then the next one an interval later while the stream is down. */
    private void poll() {
        if (!polling) {
            return;
        }
        pollOnce();
        ControlThread.cancel(nextPoll);
        nextPoll = control.after(pollIntervalNanos.getAsLong(), this::poll);
    }

    private CompletableFuture<?> pollOnce() {
        int gen = generation.current();
        URI base = pollEndpoints.current();
        return api.snapshot(base)
                .whenComplete((response, failure) -> control.post(() -> polled(base, gen, response, failure)));
    }

    private void polled(URI base, int gen, HttpResponse<String> response, Throwable failure) {
        if (failure != null || response.statusCode() != 200) {
            if (failure != null || response.statusCode() >= 500) {
                pollEndpoints.failed(base);
            }
            String why = failure != null ? AssignmentStream.describe(failure) : "answered " + response.statusCode();
            LOG.log(Level.DEBUG, () -> who + ": polling " + base + " failed (" + why + ")");
            return;
        }
        try {
            offer(Messages.snapshot(response.body()), gen);
        } catch (Messages.MessageException e) {
            LOG.log(Level.WARNING, () -> who + ": unreadable snapshot: " + e.getMessage());
        }
    }

    /** The stream's news, handed to the control thread. */
    private final class StreamSink implements AssignmentStream.Sink {

        @Override
        public void connected(int gen, URI base) {
            control.post(() -> streamConnected(gen, base));
        }

        @Override
        public void disconnected(int gen, URI base, String reason) {
            control.post(() -> streamDisconnected(gen, base, reason));
        }

        @Override
        public void event(int gen, SseParser.Event event) {
            if (!"assignment".equals(event.type())) {
                return;
            }
            try {
                Messages.Snapshot snapshot = Messages.snapshot(event.data());
                control.post(() -> offer(snapshot, gen));
            } catch (Messages.MessageException e) {
                LOG.log(Level.WARNING, () -> who + ": unreadable assignment event: " + e.getMessage());
            }
        }

        @Override
        public String lastEventId() {
            long v = knownVersion;
            return v < 0 ? null : Long.toString(v);
        }
    }
}
