package io.goxhelix.client.internal;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The machinery of one worker: heartbeats, the assignment stream and its polling fallback, the worker
 * rule, and the delivery of callbacks.
 *
 * <p>Threads. All protocol state lives on one <em>control</em> thread (a single-threaded scheduler):
 * HTTP answers, stream events and timers are handed to it, so none of that state needs a lock. Listener
 * callbacks run on a second single thread, in the order the control thread queued them. The stream
 * reads on a third. Applications read what they hold through an immutable {@link View} published in a
 * volatile field.
 *
 * <p>Acknowledgement. Applying a snapshot queues, on the callback thread: the revocations, then a note
 * back to the control thread that the version is applied, then the grants. The note triggers the
 * acknowledging heartbeat, so the service learns of a revocation only after {@code onRevoked} returned
 * (and every earlier callback too, since they run in order).
 *
 * <p>Self-fencing. Each heartbeat answered 200 moves the lease deadline to its <em>sending</em> time
 * plus the lease minus the safety margin; a timer armed for the deadline (and a watchdog every 100 ms,
 * for clocks that do not follow real time) revokes everything when it passes without a newer answer.
 *
 * <p>Catching up. While the stream is down the snapshot is polled at the heartbeat interval; when a
 * heartbeat announces a version the worker has not received, it is fetched at once, since the worker
 * holds nothing until it has it.
 */
public final class WorkerRuntime {

    private static final System.Logger LOG = System.getLogger("io.goxhelix.client");
    private static final long WATCHDOG_MILLIS = 100;
    /** Heartbeat interval until the service has told its own. */
    private static final long FIRST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * What the application holds now, with the lease deadline that bounds it. A partition leaves the
     * view as soon as its revocation is decided and enters it only once {@code onAssigned} has
     * returned, so an application fencing its writes with the view never sees an epoch it does not
     * hold.
     */
    private record View(Map<PartitionRef, Long> held, boolean hasLease, long deadline) {}

    private final WorkerOptions options;
    private final PartitionListener listener;
    private final LongSupplier clock;
    private final String workerPath;
    private final HttpClient http;
    private final ScheduledExecutorService control;
    private final ExecutorService callbacks;
    private final Endpoints beatEndpoints;
    private final Endpoints pollEndpoints;
    private final Backoff beatBackoff;
    private final AssignmentStream stream;
    private volatile Thread callbackThread;

    // Confined to the control thread.
    private Messages.Snapshot latest;
    private long heartbeatVersion;
    private long appliedVersion;
    private boolean hasLease;
    private long leaseSentAt;
    private long deadline;
    private boolean leaseRunning;
    private long intervalNanos = FIRST_INTERVAL_NANOS;
    private int generation;
    private boolean stopping;
    private boolean streamUp;
    private int streamFailures;
    private boolean polling;
    private boolean beatFailing;
    private Map<PartitionRef, Long> held = Map.of();
    private ScheduledFuture<?> nextBeat;
    private ScheduledFuture<?> fenceTimer;
    private ScheduledFuture<?> nextPoll;
    private boolean catchingUp;
    private ScheduledFuture<?> watchdog;
    private final Set<CompletableFuture<?>> inFlight = new HashSet<>();

    // Published to other threads.
    private volatile View view = new View(Map.of(), false, 0);
    /** Guards {@link #view} updates and the writes of {@link #held} they are checked against. */
    private final Object viewLock = new Object();

    private volatile long knownVersion = -1;

    public WorkerRuntime(WorkerOptions options, PartitionListener listener) {
        this.options = options;
        this.listener = listener;
        this.clock = options.nanoTime();
        this.workerPath = "/api/v1/domains/" + options.domain() + "/workers/" + options.workerId();
        String prefix = "gox-worker-" + options.workerId().substring(0, 8) + "-";
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.control = Executors.newSingleThreadScheduledExecutor(threads(prefix + "control"));
        ThreadFactory callbackThreads = threads(prefix + "callbacks");
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = callbackThreads.newThread(r);
            callbackThread = t;
            return t;
        });
        this.beatEndpoints = new Endpoints(options.baseUris());
        this.pollEndpoints = new Endpoints(options.baseUris());
        this.beatBackoff = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay());
        this.stream = new AssignmentStream(
                http,
                new Endpoints(options.baseUris()),
                workerPath + "/assignments",
                new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay()),
                options.requestTimeout(),
                new StreamSink(),
                threads(prefix + "stream"));
    }

    /** Starts heartbeating and following the assignment. */
    public void start() {
        post(this::heartbeat);
        watchdog = control.scheduleWithFixedDelay(
                guarded(this::watch), WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
        stream.start();
    }

    /** partition -> epoch of what the application holds now (empty once the lease ran out). */
    public Map<PartitionRef, Long> held() {
        View v = view;
        return WorkerRule.running(v.hasLease(), v.deadline(), clock.getAsLong()) ? v.held() : Map.of();
    }

    /** Whether the caller runs on the thread that delivers the listener's callbacks. */
    public boolean isCallbackThread() {
        return Thread.currentThread() == callbackThread;
    }

    /**
     * Stops: revokes everything and waits for {@code onRevoked} to return, lets heartbeats in flight
     * finish, leaves ({@code DELETE}), and ends the threads. Blocks; never throws. Must not be called on
     * the callback thread (it waits for it).
     */
    public void shutdown() {
        CompletableFuture<Void> revoked = new CompletableFuture<>();
        List<CompletableFuture<?>> pending = List.of();
        try {
            pending =
                    CompletableFuture.supplyAsync(() -> stop(revoked), control).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            revoked.completeExceptionally(e);
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.log(Level.WARNING, "worker " + options.workerId() + ": stopping failed", e);
            revoked.completeExceptionally(e);
        }
        stream.close();
        boolean stoppedWork = false;
        try {
            revoked.get();
            stoppedWork = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "revoking the partitions failed", e);
        }
        if (stoppedWork) {
            awaitQuietly(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
            leave();
        } else {
            LOG.log(
                    Level.WARNING,
                    () -> "worker " + options.workerId()
                            + ": interrupted before onRevoked returned; not leaving, its lease will expire");
        }
        control.shutdownNow();
        callbacks.shutdown();
    }

    // ------------------------------------------------------------------------------------------
    // Control thread
    // ------------------------------------------------------------------------------------------

    private List<CompletableFuture<?>> stop(CompletableFuture<Void> revoked) {
        stopping = true;
        cancel(nextBeat);
        cancel(fenceTimer);
        cancel(nextPoll);
        cancel(watchdog);
        WorkerRule.Change change = WorkerRule.change(held, Map.of());
        synchronized (viewLock) {
            held = Map.of();
            view = new View(Map.of(), hasLease, deadline);
        }
        callbacks.execute(() -> {
            if (!change.revoked().isEmpty()) {
                call("onRevoked", () -> listener.onRevoked(change.revoked()));
            }
            revoked.complete(null);
        });
        return List.copyOf(inFlight);
    }

    private void heartbeat() {
        if (stopping) {
            return;
        }
        long acked = appliedVersion;
        int gen = generation;
        URI base = beatEndpoints.current();
        HttpRequest request = HttpRequest.newBuilder(Endpoints.resolve(base, workerPath + "/heartbeat"))
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Messages.heartbeatBody(options.queues(), acked)))
                .build();
        long sentAt = clock.getAsLong(); // taken before sending: the lease can only be counted shorter
        scheduleBeat(intervalNanos);
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        inFlight.add(answer);
        answer.whenComplete((response, failure) -> post(() -> {
            inFlight.remove(answer);
            answered(base, gen, sentAt, response, failure);
        }));
    }

    private void answered(URI base, int gen, long sentAt, HttpResponse<String> response, Throwable failure) {
        if (stopping) {
            return;
        }
        if (failure != null) {
            beatFailed(base, true, AssignmentStream.describe(failure));
            return;
        }
        int status = response.statusCode();
        if (status == 409) {
            if (gen == generation) {
                startOver();
            }
            return;
        }
        if (status != 200) {
            beatFailed(base, status >= 500, "answered " + status + " " + abbreviate(response.body()));
            return;
        }
        Messages.HeartbeatAnswer answer;
        try {
            answer = Messages.heartbeatAnswer(response.body());
        } catch (Messages.MessageException e) {
            beatFailed(base, true, "unreadable answer: " + e.getMessage());
            return;
        }
        if (gen != generation) {
            return; // sent before the worker started over: it proves nothing about the service's state now
        }
        if (beatFailing) {
            beatFailing = false;
            LOG.log(Level.INFO, () -> "worker " + options.workerId() + ": heartbeats are answered again by " + base);
        }
        beatBackoff.reset();
        long interval = TimeUnit.MILLISECONDS.toNanos(answer.heartbeatIntervalMs());
        if (interval != intervalNanos) {
            intervalNanos = interval;
            scheduleBeat(interval);
        }
        heartbeatVersion = Math.max(heartbeatVersion, answer.assignmentVersion());
        if (!hasLease || sentAt - leaseSentAt > 0) {
            Duration lease = Duration.ofMillis(answer.leaseTimeoutMs());
            hasLease = true;
            leaseSentAt = sentAt;
            deadline = sentAt + lease.toNanos() - options.safetyMarginFor(lease).toNanos();
            armFence();
        }
        reconcile(-1);
        if (latest == null || latest.version() < heartbeatVersion) {
            catchUp();
        }
    }

    private void beatFailed(URI base, boolean tryAnother, String reason) {
        if (tryAnother) {
            beatEndpoints.failed(base);
        }
        if (!beatFailing) {
            beatFailing = true;
            LOG.log(
                    Level.WARNING,
                    () -> "worker " + options.workerId() + ": heartbeat to " + base + " failed (" + reason
                            + "); retrying");
        } else {
            LOG.log(
                    Level.DEBUG,
                    () -> "worker " + options.workerId() + ": heartbeat to " + base + " failed (" + reason + ")");
        }
        scheduleBeat(Math.min(beatBackoff.nextNanos(), intervalNanos));
    }

    /**
     * A 409: the worker acknowledged a version the service does not have (its database went back in
     * time, e.g. a restore). Nothing the worker knows can be trusted: it revokes everything, forgets its
     * snapshot, versions and lease, and registers again with {@code ackedVersion} 0.
     */
    private void startOver() {
        LOG.log(
                Level.WARNING,
                () -> "worker " + options.workerId() + ": the service does not know version " + appliedVersion
                        + " of this worker (was its database restored?); revoking everything and starting over");
        generation++;
        latest = null;
        knownVersion = -1;
        heartbeatVersion = 0;
        appliedVersion = 0;
        hasLease = false;
        leaseRunning = false; // the lease is dropped, not lost: no onLeaseLost
        cancel(fenceTimer);
        reconcile(-1);
        stream.restart(generation);
        pollOnce();
        heartbeat();
    }

    private void offer(Messages.Snapshot snapshot, int gen) {
        if (stopping || gen != generation) {
            return;
        }
        if (!snapshot.workerId().equalsIgnoreCase(options.workerId())
                || !snapshot.domain().equals(options.domain())) {
            LOG.log(
                    Level.WARNING,
                    () -> "worker " + options.workerId() + ": ignoring a snapshot of " + snapshot.domain() + "/"
                            + snapshot.workerId());
            return;
        }
        if (latest != null && snapshot.version() <= latest.version()) {
            return; // versions only go forward; the stream and the polls may both deliver one
        }
        latest = snapshot;
        knownVersion = snapshot.version();
        reconcile(snapshot.version());
    }

    /** The callbacks up to the revocations of {@code version} returned: acknowledge it. */
    private void applied(long version, int gen) {
        if (stopping || gen != generation || version <= appliedVersion) {
            return;
        }
        appliedVersion = version;
        heartbeat();
    }

    /**
     * Brings what the application holds in line with the worker rule, queueing the callbacks; with
     * {@code ackVersion >= 0}, queues the acknowledgement of that version after the revocations.
     */
    private void reconcile(long ackVersion) {
        boolean running = WorkerRule.running(hasLease, deadline, clock.getAsLong());
        boolean lost = leaseRunning && !running;
        leaseRunning = running;
        WorkerRule.Change change = WorkerRule.change(held, WorkerRule.allowed(latest, heartbeatVersion, running));
        synchronized (viewLock) {
            held = change.held();
            Map<PartitionRef, Long> shown = new TreeMap<>(view.held());
            shown.keySet().removeAll(change.revoked());
            view = new View(Collections.unmodifiableMap(shown), hasLease, deadline);
        }
        if (lost) {
            LOG.log(
                    Level.WARNING,
                    () -> "worker " + options.workerId() + ": lease not renewed in time; revoking "
                            + change.revoked().size() + " partitions");
        }
        if (change.isEmpty() && !lost && ackVersion < 0) {
            return;
        }
        int gen = generation;
        callbacks.execute(() -> {
            if (!change.revoked().isEmpty()) {
                call("onRevoked", () -> listener.onRevoked(change.revoked()));
            }
            if (lost) {
                call("onLeaseLost", listener::onLeaseLost);
            }
            if (ackVersion >= 0) {
                post(() -> applied(ackVersion, gen));
            }
            if (!change.assigned().isEmpty()) {
                call("onAssigned", () -> listener.onAssigned(change.assigned()));
                show(change.assigned());
            }
        });
    }

    /** Adds what {@code onAssigned} just took to the view, unless it was revoked in the meantime. */
    private void show(Set<AssignedPartition> assigned) {
        synchronized (viewLock) {
            Map<PartitionRef, Long> shown = new TreeMap<>(view.held());
            for (AssignedPartition p : assigned) {
                PartitionRef ref = new PartitionRef(p.queue(), p.partition());
                if (Long.valueOf(p.epoch()).equals(held.get(ref))) {
                    shown.put(ref, p.epoch());
                }
            }
            View v = view;
            view = new View(Collections.unmodifiableMap(shown), v.hasLease(), v.deadline());
        }
    }

    private void watch() {
        if (stopping) {
            return;
        }
        if (leaseRunning && !WorkerRule.running(hasLease, deadline, clock.getAsLong())) {
            reconcile(-1);
        }
        stream.closeIfIdle(options.streamIdleTimeout().toNanos());
    }

    private void armFence() {
        cancel(fenceTimer);
        long delay = Math.max(0, deadline - clock.getAsLong());
        fenceTimer = control.schedule(
                guarded(() -> {
                    if (!stopping) {
                        reconcile(-1);
                    }
                }),
                delay,
                TimeUnit.NANOSECONDS);
    }

    private void scheduleBeat(long delayNanos) {
        cancel(nextBeat);
        nextBeat = control.schedule(guarded(this::heartbeat), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A heartbeat announced a version the worker has not received: it holds nothing until it has it
     * (rule b), so it fetches the snapshot at once rather than wait for the stream, which may be slow
     * or silently stuck. One fetch at a time.
     */
    private void catchUp() {
        if (catchingUp) {
            return;
        }
        catchingUp = true;
        pollOnce().whenComplete((ignored, failure) -> post(() -> catchingUp = false));
    }

    private void streamConnected(int gen, URI base) {
        if (stopping || gen != generation) {
            return;
        }
        if (!streamUp) {
            LOG.log(Level.DEBUG, () -> "worker " + options.workerId() + ": assignment stream open on " + base);
        }
        streamUp = true;
        streamFailures = 0;
        polling = false;
        cancel(nextPoll);
    }

    private void streamDisconnected(int gen, URI base, String reason) {
        if (stopping || gen != generation) {
            return;
        }
        LOG.log(
                streamFailures++ == 0 ? Level.WARNING : Level.DEBUG,
                () -> "worker " + options.workerId() + ": assignment stream on " + base + " lost (" + reason
                        + "); reconnecting, polling meanwhile");
        streamUp = false;
        if (!polling) {
            polling = true;
            poll();
        }
    }

    /** One poll of the JSON snapshot, then the next one an interval later while the stream is down. */
    private void poll() {
        if (stopping || !polling) {
            return;
        }
        pollOnce();
        cancel(nextPoll);
        nextPoll = control.schedule(guarded(this::poll), intervalNanos, TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<?> pollOnce() {
        int gen = generation;
        URI base = pollEndpoints.current();
        HttpRequest request = HttpRequest.newBuilder(Endpoints.resolve(base, workerPath + "/assignments"))
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> post(() -> polled(base, gen, response, failure)));
    }

    private void polled(URI base, int gen, HttpResponse<String> response, Throwable failure) {
        if (stopping) {
            return;
        }
        if (failure != null || response.statusCode() != 200) {
            if (failure != null || response.statusCode() >= 500) {
                pollEndpoints.failed(base);
            }
            LOG.log(
                    Level.DEBUG,
                    () -> "worker " + options.workerId() + ": polling " + base + " failed ("
                            + (failure != null
                                    ? AssignmentStream.describe(failure)
                                    : "answered " + response.statusCode())
                            + ")");
            return;
        }
        try {
            offer(Messages.snapshot(response.body()), gen);
        } catch (Messages.MessageException e) {
            LOG.log(Level.WARNING, () -> "worker " + options.workerId() + ": unreadable snapshot: " + e.getMessage());
        }
    }

    /** Leaves the domain: {@code DELETE}, on each instance in turn until one answers. */
    private void leave() {
        String reason = "no instance";
        for (int i = 0; i < beatEndpoints.size(); i++) {
            URI base = beatEndpoints.current();
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(Endpoints.resolve(base, workerPath))
                                .timeout(options.requestTimeout())
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
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
            beatEndpoints.failed(base);
        }
        String why = reason;
        LOG.log(
                Level.WARNING,
                () -> "worker " + options.workerId() + ": could not leave (" + why
                        + "); its partitions move once its lease expires");
    }

    // ------------------------------------------------------------------------------------------
    // Plumbing
    // ------------------------------------------------------------------------------------------

    /** Runs {@code task} on the control thread; dropped once the worker has stopped. */
    private void post(Runnable task) {
        try {
            control.execute(guarded(task));
        } catch (RejectedExecutionException stopped) {
            // the worker is closed: nothing is left to update
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "worker " + options.workerId() + ": internal error", e);
            }
        };
    }

    private void call(String name, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "worker " + options.workerId() + ": " + name + " threw", e);
        }
    }

    private void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(options.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a heartbeat that failed or is still hanging has done what it could
        }
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.getAndIncrement();
            Thread t = new Thread(r, n == 0 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }

    private final class StreamSink implements AssignmentStream.Sink {

        @Override
        public void connected(int gen, URI base) {
            post(() -> streamConnected(gen, base));
        }

        @Override
        public void disconnected(int gen, URI base, String reason) {
            post(() -> streamDisconnected(gen, base, reason));
        }

        @Override
        public void event(int gen, SseParser.Event event) {
            if (!"assignment".equals(event.type())) {
                return;
            }
            try {
                Messages.Snapshot snapshot = Messages.snapshot(event.data());
                post(() -> offer(snapshot, gen));
            } catch (Messages.MessageException e) {
                LOG.log(
                        Level.WARNING,
                        () -> "worker " + options.workerId() + ": unreadable assignment event: " + e.getMessage());
            }
        }

        @Override
        public String lastEventId() {
            long v = knownVersion;
            return v < 0 ? null : Long.toString(v);
        }
    }
}
