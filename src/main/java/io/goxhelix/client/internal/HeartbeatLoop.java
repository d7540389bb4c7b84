package io.goxhelix.client.internal;

import io.goxhelix.client.LoadReporter;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerCapacity;
import io.goxhelix.client.WorkerOptions;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The heartbeats of a worker: one every interval the service asks for (1 s until it has said), to the
 * instance that answered last, moving to the next instance when one fails and retrying sooner, after a
 * backoff, while heartbeats fail. Each carries the latest acknowledged version; {@link #acknowledge}
 * sends one at once. An answer counts only in the generation its heartbeat was sent in. Confined to
 * the control thread, except {@link #leave()}.
 */
final class HeartbeatLoop {

    /** What the answers mean to the worker; called on the control thread, in the current generation. */
    interface Handler {
        /** A heartbeat sent at {@code sentAt} (lease clock) was answered 200. */
        void answered(Messages.HeartbeatAnswer answer, long sentAt);

        /** A 409: the service does not know the version the worker acknowledged. */
        void conflict();

        /** A 401 or 403, the first since the start or since the last heartbeat that was accepted. */
        void refused(int status, String detail);
    }

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");
    /** Heartbeat interval until the service has told its own. */
    private static final long FIRST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String who;
    private final List<String> queues;
    private final WorkerCapacity capacity;
    private final String appVersion;
    private final LoadReporter loadReporter;
    private final Supplier<Set<PartitionRef>> held;
    private final LongSupplier clock;
    private final WorkerApi api;
    private final ControlThread control;
    private final Generation generation;
    private final Handler handler;
    private final Endpoints endpoints;
    private final Backoff backoff;
    private final Set<CompletableFuture<?>> inFlight = new HashSet<>();
    private long acked;
    private long announced;
    private long intervalNanos = FIRST_INTERVAL_NANOS;
    private boolean failing;
    private boolean refused;
    private Future<?> next;

    /** @param held the partitions the application holds now, whose loads the heartbeats report */
    HeartbeatLoop(
            WorkerOptions options,
            WorkerApi api,
            ControlThread control,
            Generation generation,
            Handler handler,
            Supplier<Set<PartitionRef>> held) {
        this.who = "worker " + options.workerId();
        this.queues = options.queues();
        this.capacity = options.capacity();
        this.appVersion = options.appVersion().orElse(null);
        this.loadReporter = options.loadReporter().orElse(null);
        this.held = held;
        this.clock = options.nanoTime();
        this.api = api;
        this.control = control;
        this.generation = generation;
        this.handler = handler;
        this.endpoints = new Endpoints(options.baseUris());
        this.backoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay());
    }

    /** The interval the service asks for, in nanoseconds. */
    long intervalNanos() {
        return intervalNanos;
    }

    /** The highest {@code assignmentVersion} announced by an answer in this generation. */
    long announcedVersion() {
        return announced;
    }

    /** The version the heartbeats acknowledge. */
    long ackedVersion() {
        return acked;
    }

    /** Heartbeats sent and not answered yet. */
    List<CompletableFuture<?>> inFlight() {
        return List.copyOf(inFlight);
    }

    /** Acknowledges {@code version}, if newer than the acknowledged one, with a heartbeat now. */
    void acknowledge(long version) {
        if (version > acked) {
            acked = version;
            beat();
        }
    }

    /** Forgets the versions acknowledged and announced, and registers again with a heartbeat now. */
    void startOver() {
        acked = 0;
        announced = 0;
        beat();
    }

    /** Sends a heartbeat now; the next one follows an interval later. */
    void beat() {
        int gen = generation.current();
        URI base = endpoints.current();
        String body = Messages.heartbeatBody(
                queues,
                acked,
                appVersion,
                capacity,
                loadReporter == null ? null : LoadReports.of(loadReporter, held.get()));
        long sentAt = clock.getAsLong(); // taken before sending: the lease can only be counted shorter
        schedule(intervalNanos);
        CompletableFuture<HttpResponse<String>> answer = api.heartbeat(base, body);
        inFlight.add(answer);
        answer.whenComplete((response, failure) -> control.post(() -> {
            inFlight.remove(answer);
            answered(base, gen, sentAt, response, failure);
        }));
    }

    private void answered(URI base, int gen, long sentAt, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            failed(base, true, AssignmentStream.describe(failure));
            return;
        }
        int status = response.statusCode();
        if (status == 409) {
            if (generation.isCurrent(gen)) {
                handler.conflict();
            }
            return;
        }
        if (status == 401 || status == 403) {
            refused(base, status, abbreviate(response.body()));
            return;
        }
        if (status != 200) {
            failed(base, status >= 500, "answered " + status + " " + abbreviate(response.body()));
            return;
        }
        Messages.HeartbeatAnswer answer;
        try {
            answer = Messages.heartbeatAnswer(response.body());
        } catch (Messages.MessageException e) {
            failed(base, true, "unreadable answer: " + e.getMessage());
            return;
        }
        if (generation.isCurrent(gen)) { // else sent before the worker started over: it proves nothing now
            succeeded(base, answer);
            handler.answered(answer, sentAt);
        }
    }

    /**
     * Credentials are the same for every instance, so another one would answer the same: retry here
     * after the backoff (the token supplier may have a new secret by then), and tell the application.
     */
    private void refused(URI base, int status, String detail) {
        if (!refused) {
            refused = true;
            failing = true;
            LOG.log(
                    Level.ERROR,
                    () -> who + ": heartbeat refused by " + base + " with " + status
                            + (status == 401 ? " (check the token)" : " (the token does not allow this)") + ": "
                            + detail + "; retrying");
            handler.refused(status, detail);
        }
        schedule(Math.min(backoff.nextNanos(), intervalNanos));
    }

    private void succeeded(URI base, Messages.HeartbeatAnswer answer) {
        refused = false;
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, () -> who + ": heartbeats are answered again by " + base);
        }
        backoff.reset();
        long interval = TimeUnit.MILLISECONDS.toNanos(answer.heartbeatIntervalMs());
        if (interval != intervalNanos) {
            intervalNanos = interval;
            schedule(interval);
        }
        announced = Math.max(announced, answer.assignmentVersion());
    }

    private void failed(URI base, boolean tryAnother, String reason) {
        if (tryAnother) {
            endpoints.failed(base);
        }
        if (!failing) {
            failing = true;
            LOG.log(Level.WARNING, () -> who + ": heartbeat to " + base + " failed (" + reason + "); retrying");
        } else {
            LOG.log(Level.DEBUG, () -> who + ": heartbeat to " + base + " failed (" + reason + ")");
        }
        schedule(Math.min(backoff.nextNanos(), intervalNanos));
    }

    private void schedule(long delayNanos) {
        ControlThread.cancel(next);
        next = control.after(delayNanos, this::beat);
    }

    /**
     * Leaves the domain ({@code DELETE}), on each instance in turn until one answers; called once the
     * worker stopped, on the thread that closes it. Blocks; never throws.
     *
     * @param restart leave to restart: the service keeps the partitions for this worker id a while
     */
    void leave(boolean restart) {
        String reason = "no instance";
        for (int i = 0; i < endpoints.size(); i++) {
            URI base = endpoints.current();
            try {
                int status = api.leave(base, restart);
                if (status / 100 == 2 || status == 404) {
                    return;
                }
                reason = base + " answered " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "interrupted";
                break;
            } catch (Exception e) {
                reason = base + ": " + AssignmentStream.describe(e);
            }
            endpoints.failed(base);
        }
        String why = reason;
        LOG.log(
                Level.WARNING,
                () -> who + ": could not leave (" + why + "); its partitions move once its lease expires");
    }

    /**
     * Drains the worker before it leaves: asks the service to hand its partitions off, and waits,
     * asking again every {@link #DRAIN_POLL_MILLIS} ms, until it reports the worker DRAINED (every
     * partition has a new owner) or {@code timeoutNanos} pass. The worker keeps heartbeating and
     * acknowledging meanwhile; called on the thread that closes it. Blocks; never throws.
     *
     * @return whether the drain completed
     */
    boolean drain(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        URI base = endpoints.current();
        try {
            int status = api.drain(base);
            if (status / 100 != 2) {
                LOG.log(Level.INFO, () -> who + ": drain refused (" + status + "); leaving without it");
                return false;
            }
            while (System.nanoTime() < deadline) {
                HttpResponse<String> standing = api.standing(base);
                if (standing.statusCode() == 200 && "DRAINED".equals(Messages.standingState(standing.body()))) {
                    return true;
                }
                if (standing.statusCode() == 404) {
                    return false;
                }
                Thread.sleep(DRAIN_POLL_MILLIS);
            }
            LOG.log(Level.WARNING, () -> who + ": drain did not complete in time; leaving");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> who + ": drain failed (" + AssignmentStream.describe(e) + "); leaving");
        }
        return false;
    }

    private static final long DRAIN_POLL_MILLIS = 20;

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
