package io.goxhelix.bench.scale;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmarks of the service, run against one packaged instance that {@code
 * src/bench/scale/run.sh} starts:
 *
 * <ul>
 *   <li>{@code sse}: many workers each following its assignment stream; the service's resident set
 *       before and after they connect, and how long a change that touches every snapshot takes to
 *       reach each stream;
 *   <li>{@code e2e}: simulated workers that follow the protocol (stream, apply, acknowledge at once,
 *       heartbeat every 3 s) on a domain of many partitions: cold start, graceful leaves and joins to
 *       balanced, the resident set; then the database statements per second at rest.
 * </ul>
 *
 * Uses the JDK only, so that the script can compile and run it without Maven.
 */
public final class ScaleBench {

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: ScaleBench sse|e2e host port service-pid db-host db-port [key=value ...]");
            System.exit(2);
        }
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 6; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opts.put(kv[0], kv[1]);
        }
        Service service = new Service(
                args[1],
                Integer.parseInt(args[2]),
                Long.parseLong(args[3]),
                args[4],
                Integer.parseInt(args[5]),
                Integer.parseInt(opts.getOrDefault("in-flight", "64")));
        switch (args[0]) {
            case "sse" ->
                Sse.run(
                        service,
                        Integer.parseInt(opts.getOrDefault("streams", "10000")),
                        Integer.parseInt(opts.getOrDefault("resizes", "4")));
            case "e2e" -> EndToEnd.run(service, opts);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%tT] " + format + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static void await(String what, long timeoutMs, BooleanSupplier done) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Percentile (nearest rank) of values in nanoseconds, in milliseconds. */
    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static String dist(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(
                Locale.ROOT, "n=%d p50=%.0f ms p99=%.0f ms max=%.0f ms", s.length, pct(s, 50), pct(s, 99), pct(s, 100));
    }

    // ------------------------------------------------------------------------------------------------

    /** Target 3: 10 000 streams, resident set and fan-out latency. */
    static final class Sse implements SseStreams.Listener {

        private final int n;
        private final long[] lastId;
        private final long[] base;
        private final long[] latency;
        private volatile long trigger;
        private volatile boolean measuring;
        private volatile int delivered;
        private volatile int firstEvents;
        private volatile int lost;

        private Sse(int n) {
            this.n = n;
            this.lastId = new long[n];
            this.base = new long[n];
            this.latency = new long[n];
            Arrays.fill(lastId, -1);
        }

        static void run(Service service, int n, int resizes) throws Exception {
            Sse bench = new Sse(n);
            String domain = "sse";
            String[] ids = new String[n];
            log("registering %d workers of queue q (heartbeats, 64 in flight)", n);
            List<CompletableFuture<?>> beats = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids[i] = UUID.randomUUID().toString();
                beats.add(service.send(
                        "POST",
                        "/api/v1/domains/" + domain + "/workers/" + ids[i] + "/heartbeat",
                        Service.heartbeatBody(List.of("q"), 0)));
            }
            CompletableFuture.allOf(beats.toArray(CompletableFuture[]::new)).join();
            Thread.sleep(2000);
            double rssBefore = service.rssMiB();
            log("service RSS before connecting: %.1f MiB (load %s)", rssBefore, Service.load());

            SseStreams streams = new SseStreams(new InetSocketAddress(service.host, service.port), bench);
            long started = System.nanoTime();
            int batch = 250;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                for (int i = from; i < to; i++) {
                    streams.connect(new SseStreams.Stream(
                            i, "/api/v1/domains/" + domain + "/workers/" + ids[i] + "/assignments"));
                }
                await("first events of streams up to " + to, 60_000, () -> bench.firstEvents + bench.lost >= to);
            }
            log(
                    "%d streams open (%d lost) in %.1f s",
                    streams.established(), bench.lost, (System.nanoTime() - started) / 1e9);
            Thread.sleep(2000);
            double rssConnected = service.rssMiB();
            log(
                    "service RSS with %d streams: %.1f MiB, growth %.1f MiB = %.1f KiB per stream (load %s)",
                    streams.established(),
                    rssConnected,
                    rssConnected - rssBefore,
                    (rssConnected - rssBefore) * 1024 / n,
                    Service.load());

            bench.change(
                    service,
                    streams,
                    "create queue q with " + n + " partitions (one per worker)",
                    () -> service.call("PUT", "/api/v1/domains/" + domain + "/queues/q", "{\"partitions\":" + n + "}"));
            // The first change is also the service's first round of this size; the later ones show
            // the same change on a service that has run it before.
            for (int k = 2; k <= resizes + 1; k++) {
                int size = k * n;
                bench.change(
                        service,
                        streams,
                        "resize queue q to " + size + " partitions (one more each)",
                        () -> service.call(
                                "PUT", "/api/v1/domains/" + domain + "/queues/q", "{\"partitions\":" + size + "}"));
            }
            Thread.sleep(2000);
            double rssAfter = service.rssMiB();
            log(
                    "service RSS after the changes: %.1f MiB, growth over before connecting %.1f MiB (load %s)",
                    rssAfter, rssAfter - rssBefore, Service.load());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT sse streams=%d rss_before_mib=%.0f rss_connected_mib=%.0f rss_after_changes_mib=%.0f"
                            + " growth_connected_mib=%.0f growth_after_changes_mib=%.0f%n",
                    streams.established(),
                    rssBefore,
                    rssConnected,
                    rssAfter,
                    rssConnected - rssBefore,
                    rssAfter - rssBefore);
            streams.close();
        }

        private void change(Service service, SseStreams streams, String what, Runnable request) throws Exception {
            double roundsBefore = service.metric("gox_rebalance_duration_seconds_sum");
            CompletableFuture<Void> armed = new CompletableFuture<>();
            streams.execute(() -> {
                System.arraycopy(lastId, 0, base, 0, n);
                Arrays.fill(latency, 0);
                delivered = 0;
                trigger = System.nanoTime();
                measuring = true;
                armed.complete(null);
            });
            armed.join();
            request.run();
            long answered = System.nanoTime() - trigger;
            try {
                await("delivery to every stream", 60_000, () -> delivered + lost >= n);
            } catch (IllegalStateException e) {
                log("%s: only %d of %d streams got the change", what, delivered, n);
            }
            measuring = false;
            long[] got = Arrays.stream(latency).filter(l -> l > 0).toArray();
            long first = Arrays.stream(got).min().orElse(0);
            double roundsAfter = service.metric("gox_rebalance_duration_seconds_sum");
            log(
                    "%s: request answered in %.0f ms; first stream at %.0f ms; all %d streams: %s; coordinator"
                            + " round time meanwhile %.0f ms (load %s)",
                    what,
                    answered / 1e6,
                    first / 1e6,
                    got.length,
                    dist(got),
                    (roundsAfter - roundsBefore) * 1000,
                    Service.load());
            long[] s = got.clone();
            Arrays.sort(s);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT sse-change delivered=%d of %d first_ms=%.0f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f%n",
                    got.length,
                    n,
                    first / 1e6,
                    pct(s, 50),
                    pct(s, 99),
                    pct(s, 100));
            Thread.sleep(1000);
        }

        @Override
        public void onEvent(SseStreams.Stream stream, long id, String data, long nanos) {
            int i = stream.index;
            if (lastId[i] < 0) {
                firstEvents++;
            }
            if (id > lastId[i]) {
                lastId[i] = id;
            }
            if (measuring && latency[i] == 0 && id > base[i]) {
                latency[i] = Math.max(1, nanos - trigger);
                delivered++;
            }
        }

        @Override
        public void onLost(SseStreams.Stream stream, String why) {
            lost++;
            if (lost <= 10) {
                log("stream %d lost: %s", stream.index, why);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * Targets 4 and 5: simulated workers that follow the protocol. All state is touched on the
     * selector thread of the streams only.
     */
    static final class EndToEnd implements SseStreams.Listener {

        private static final String DOMAIN = "e2e";
        private static final Pattern ASSIGNMENT_VERSION = Pattern.compile("\"assignmentVersion\":(\\d+)");

        private final class Worker {
            final int index;
            final String id = UUID.randomUUID().toString();
            SseStreams.Stream stream;
            volatile boolean active;
            volatile long version;
            int[] held = new int[0];
            final int[] cells = new int[queues];

            Worker(int index) {
                this.index = index;
            }
        }

        private final int queues;
        private final int partitions;
        private final Worker[] workers;
        private final List<String> queueNames = new ArrayList<>();
        private final int[] owners;
        private final long[] pendingSince;
        private final List<Long> leaveLatencies = new ArrayList<>();
        private int covered;
        private int pending;
        private int activeWorkers;
        private int lo;
        private int hi;
        private int unbalancedCells;
        private volatile boolean balanced;
        private volatile long balancedAt;
        private volatile long pendingDoneAt;
        private volatile int lost;
        private Service service;
        private final ExecutorService acks = Executors.newSingleThreadExecutor();
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> ackLatency =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        private EndToEnd(int workers, int queues, int partitions) {
            this.queues = queues;
            this.partitions = partitions;
            this.workers = new Worker[workers];
            for (int i = 0; i < workers; i++) {
                this.workers[i] = new Worker(i);
            }
            for (int q = 0; q < queues; q++) {
                queueNames.add("q" + q);
            }
            this.owners = new int[queues * partitions];
            this.pendingSince = new long[queues * partitions];
        }

        static void run(Service service, Map<String, String> opts) throws Exception {
            int nWorkers = Integer.parseInt(opts.getOrDefault("workers", "1000"));
            int nQueues = Integer.parseInt(opts.getOrDefault("queues", "10"));
            int nPartitions = Integer.parseInt(opts.getOrDefault("partitions", "10000"));
            int cycles = Integer.parseInt(opts.getOrDefault("cycles", "10"));
            int rest = Integer.parseInt(opts.getOrDefault("rest-seconds", "60"));
            int emptyRest = Integer.parseInt(opts.getOrDefault("empty-rest-seconds", "30"));
            boolean warmUp = Boolean.parseBoolean(opts.getOrDefault("warmup", "true"));
            EndToEnd bench = new EndToEnd(nWorkers, nQueues, nPartitions);
            bench.service = service;

            if (warmUp) {
                warmUp(service, nWorkers, bench.queueNames, nPartitions);
            }
            if (emptyRest > 0) {
                log("baseline: database statements of the service with no worker and no queue, %d s", emptyRest);
                statements(service, emptyRest, "empty");
            }
            for (String q : bench.queueNames) {
                service.call(
                        "PUT", "/api/v1/domains/" + DOMAIN + "/queues/" + q, "{\"partitions\":" + nPartitions + "}");
            }
            SseStreams streams = new SseStreams(new InetSocketAddress(service.host, service.port), bench);
            for (Worker w : bench.workers) {
                w.stream = bench.newStream(w);
                streams.connect(w.stream);
            }
            await("streams", 60_000, () -> streams.established() + bench.lost >= nWorkers);
            Thread.sleep(1000);
            double rssIdle = service.rssMiB();
            log(
                    "%d queues x %d partitions defined, %d streams open; service RSS %.1f MiB",
                    nQueues, nPartitions, streams.established(), rssIdle);

            // Cold start: every worker's first heartbeat at once.
            long t0 = bench.onSelector(streams, () -> {
                for (Worker w : bench.workers) {
                    w.active = true;
                }
                bench.activeWorkers = bench.workers.length;
                bench.rebound();
            });
            List<CompletableFuture<?>> registrations = new ArrayList<>();
            for (Worker w : bench.workers) {
                registrations.add(bench.beat(w));
            }
            CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new))
                    .join();
            log("cold start: all %d first heartbeats answered after %.0f ms", nWorkers, (System.nanoTime() - t0) / 1e6);
            ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
            for (Worker w : bench.workers) {
                beats.scheduleAtFixedRate(() -> bench.beat(w), 3000L * w.index / nWorkers, 3000, TimeUnit.MILLISECONDS);
            }
            await("cold start balanced", 120_000, () -> bench.balanced && bench.balancedAt > t0);
            double cold = (bench.balancedAt - t0) / 1e6;
            log(
                    "cold start: %d partitions assigned and balanced over %d workers in %.0f ms (load %s)",
                    nQueues * nPartitions, nWorkers, cold, Service.load());

            long[] leaveDone = new long[cycles];
            long[] leaveBalanced = new long[cycles];
            long[] joinBalanced = new long[cycles];
            for (int c = 0; c < cycles; c++) {
                Thread.sleep(1000);
                Worker w = bench.workers[(c * 97 + 13) % nWorkers];
                int before = bench.leaveLatencies.size();
                long leftAt = bench.onSelector(streams, () -> bench.leave(w, streams));
                service.call("DELETE", "/api/v1/domains/" + DOMAIN + "/workers/" + w.id, null);
                await("leave reassigned", 30_000, () -> bench.pending == 0 && bench.pendingDoneAt > leftAt);
                leaveDone[c] = bench.pendingDoneAt - leftAt;
                await("balanced after leave", 30_000, () -> bench.balanced && bench.balancedAt > leftAt);
                leaveBalanced[c] = bench.balancedAt - leftAt;
                int moved = bench.leaveLatencies.size() - before;
                Thread.sleep(1000);
                long joinedAt = bench.onSelector(streams, () -> bench.join(w));
                w.stream = bench.newStream(w);
                streams.connect(w.stream);
                bench.beat(w);
                await("balanced after join", 30_000, () -> bench.balanced && bench.balancedAt > joinedAt);
                joinBalanced[c] = bench.balancedAt - joinedAt;
                log(
                        "cycle %d: leave of a worker with %d partitions: all held by new owners in %.0f ms,"
                                + " balanced in %.0f ms; its join: balanced in %.0f ms (load %s)",
                        c + 1,
                        moved,
                        leaveDone[c] / 1e6,
                        leaveBalanced[c] / 1e6,
                        joinBalanced[c] / 1e6,
                        Service.load());
            }
            Thread.sleep(2000);
            double rss = service.rssMiB();
            long[] perPartition =
                    bench.leaveLatencies.stream().mapToLong(Long::longValue).toArray();
            log("leave, per moved partition (leave request to its new owner's snapshot): %s", dist(perPartition));
            log("leave, per leave (to the last of its partitions): %s", dist(leaveDone));
            log("join, to balanced: %s", dist(joinBalanced));
            log(
                    "acknowledging heartbeats, sent to answered: %s",
                    dist(bench.ackLatency.stream().mapToLong(Long::longValue).toArray()));
            log("service RSS with %d balanced workers: %.1f MiB (load %s)", nWorkers, rss, Service.load());
            long[] pp = perPartition.clone();
            Arrays.sort(pp);
            long[] jb = joinBalanced.clone();
            Arrays.sort(jb);
            long[] ld = leaveDone.clone();
            Arrays.sort(ld);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT e2e workers=%d partitions=%d cold_ms=%.0f leave_partition_p99_ms=%.0f"
                            + " leave_partition_max_ms=%.0f leave_p50_ms=%.0f leave_max_ms=%.0f join_p50_ms=%.0f"
                            + " join_max_ms=%.0f rss_mib=%.0f stream_losses=%d%n",
                    nWorkers,
                    nQueues * nPartitions,
                    cold,
                    pct(pp, 99),
                    pct(pp, 100),
                    pct(ld, 50),
                    pct(ld, 100),
                    pct(jb, 50),
                    pct(jb, 100),
                    rss,
                    bench.lost);

            if (rest > 0) {
                Thread.sleep(5000);
                log("at rest: %d workers heartbeating every 3 s, %d s", nWorkers, rest);
                statements(service, rest, "rest");
                log("service RSS after the rest window: %.1f MiB", service.rssMiB());
            }
            beats.shutdownNow();
            streams.close();
        }

        /** Runs a state change on the selector thread; returns its {@code nanoTime}. */
        private long onSelector(SseStreams streams, Runnable change) {
            CompletableFuture<Long> at = new CompletableFuture<>();
            streams.execute(() -> {
                long now = System.nanoTime();
                change.run();
                balanced = isBalanced();
                at.complete(now);
            });
            return at.join();
        }

        private SseStreams.Stream newStream(Worker w) {
            return new SseStreams.Stream(w.index, "/api/v1/domains/" + DOMAIN + "/workers/" + w.id + "/assignments");
        }

        /**
         * Runs the same sizes once on another domain, with plain heartbeats (no streams), then removes
         * it: a service that has just started interprets most of its code, and the cold start measured
         * after this is that of the workers, not of the service's JVM. {@code warmup=false} measures both.
         */
        private static void warmUp(Service service, int nWorkers, List<String> queues, int nPartitions)
                throws InterruptedException {
            long t0 = System.nanoTime();
            String domain = DOMAIN + "-warmup";
            String base = "/api/v1/domains/" + domain;
            for (String q : queues) {
                service.call("PUT", base + "/queues/" + q, "{\"partitions\":" + nPartitions + "}");
            }
            String[] ids = new String[nWorkers];
            long[] versions = new long[nWorkers];
            for (int i = 0; i < nWorkers; i++) {
                ids[i] = UUID.randomUUID().toString();
            }
            long total = (long) queues.size() * nPartitions;
            long deadline = System.nanoTime() + 120_000_000_000L;
            long assigned = 0;
            // All but the last worker first; then the last joins, so that revokes, acknowledgements and
            // the grants that follow them run too.
            for (int active : new int[] {nWorkers - 1, nWorkers}) {
                String joiner = ids[active - 1];
                long joinerHolds = 0;
                assigned = 0;
                while ((assigned < total || joinerHolds < total / nWorkers) && System.nanoTime() < deadline) {
                    // Heartbeats acknowledging the version each worker was last told of: the releases the
                    // rounds ask for are confirmed at once, and the domain settles in a few rounds.
                    List<CompletableFuture<?>> beats = new ArrayList<>();
                    for (int i = 0; i < active; i++) {
                        int w = i;
                        beats.add(service.send(
                                        "POST",
                                        base + "/workers/" + ids[w] + "/heartbeat",
                                        Service.heartbeatBody(queues, versions[w]))
                                .thenAccept(r -> {
                                    Matcher m = ASSIGNMENT_VERSION.matcher(r.body());
                                    if (m.find()) {
                                        versions[w] = Long.parseLong(m.group(1));
                                    }
                                }));
                    }
                    CompletableFuture.allOf(beats.toArray(CompletableFuture[]::new))
                            .join();
                    Thread.sleep(1000);
                    assigned = 0;
                    joinerHolds = 0;
                    for (String q : queues) {
                        String view =
                                service.call("GET", base + "/queues/" + q, null).body();
                        assigned += view.split("\"state\":\"ASSIGNED\"", -1).length - 1;
                        joinerHolds += view.split("\"workerId\":\"" + joiner + "\"", -1).length - 1;
                    }
                }
            }
            for (String id : ids) {
                service.call("DELETE", base + "/workers/" + id, null);
            }
            for (String q : queues) {
                service.call("DELETE", base + "/queues/" + q, null);
            }
            // The rounds that free the removed domain's partitions must be over before anything is measured.
            double rounds = service.metric("gox_rebalance_duration_seconds_count");
            for (int quiet = 0; quiet < 5 && System.nanoTime() < deadline; ) {
                Thread.sleep(1000);
                double now = service.metric("gox_rebalance_duration_seconds_count");
                quiet = now == rounds ? quiet + 1 : 0;
                rounds = now;
            }
            log(
                    "warm-up on domain %s: %d of %d partitions assigned over %d workers, then removed, in %.0f ms"
                            + " (until the coordinator's rounds stopped)",
                    domain, assigned, total, nWorkers, (System.nanoTime() - t0) / 1e6);
        }

        private CompletableFuture<?> beat(Worker w) {
            if (!w.active) {
                return CompletableFuture.completedFuture(null);
            }
            return service.send(
                    "POST",
                    "/api/v1/domains/" + DOMAIN + "/workers/" + w.id + "/heartbeat",
                    Service.heartbeatBody(queueNames, w.version));
        }

        private void leave(Worker w, SseStreams streams) {
            long now = System.nanoTime();
            w.active = false;
            streams.close(w.stream);
            for (int g : w.held) {
                if (--owners[g] == 0) {
                    covered--;
                }
                pendingSince[g] = now;
                pending++;
            }
            w.held = new int[0];
            Arrays.fill(w.cells, 0);
            activeWorkers--;
            rebound();
        }

        private void join(Worker w) {
            w.active = true;
            activeWorkers++;
            rebound();
        }

        /** Per-queue bounds of a balanced state for the active workers, and the cells outside them. */
        private void rebound() {
            lo = partitions / activeWorkers;
            hi = (partitions + activeWorkers - 1) / activeWorkers;
            unbalancedCells = 0;
            for (Worker w : workers) {
                if (w.active) {
                    for (int c : w.cells) {
                        unbalancedCells += c < lo || c > hi ? 1 : 0;
                    }
                }
            }
        }

        private boolean isBalanced() {
            return covered == owners.length && unbalancedCells == 0 && pending == 0;
        }

        @Override
        public void onEvent(SseStreams.Stream stream, long id, String data, long nanos) {
            Worker w = workers[stream.index];
            if (!w.active || stream != w.stream || id <= w.version) {
                return;
            }
            int[] next = parse(data);
            int[] prev = w.held;
            int i = 0;
            int j = 0;
            while (i < prev.length || j < next.length) {
                if (j >= next.length || (i < prev.length && prev[i] < next[j])) {
                    if (--owners[prev[i]] == 0) {
                        covered--;
                    }
                    i++;
                } else if (i >= prev.length || next[j] < prev[i]) {
                    int g = next[j];
                    if (owners[g]++ == 0) {
                        covered++;
                    }
                    if (pendingSince[g] != 0) {
                        leaveLatencies.add(nanos - pendingSince[g]);
                        pendingSince[g] = 0;
                        if (--pending == 0) {
                            pendingDoneAt = nanos;
                        }
                    }
                    j++;
                } else {
                    i++;
                    j++;
                }
            }
            for (int c : w.cells) {
                unbalancedCells -= c < lo || c > hi ? 1 : 0;
            }
            Arrays.fill(w.cells, 0);
            for (int g : next) {
                w.cells[g / partitions]++;
            }
            for (int c : w.cells) {
                unbalancedCells += c < lo || c > hi ? 1 : 0;
            }
            w.held = next;
            w.version = id;
            boolean now = isBalanced();
            if (now && !balanced) {
                balancedAt = nanos;
            }
            balanced = now;
            // Applied: acknowledge at once, as the worker rule asks.
            acks.execute(() -> {
                long sent = System.nanoTime();
                beat(w).thenRun(() -> ackLatency.add(System.nanoTime() - sent));
            });
        }

        /** The partitions of a snapshot as sorted global indices (queue index x partitions + number). */
        private int[] parse(String data) {
            int[] out = new int[16];
            int n = 0;
            int at = 0;
            while ((at = data.indexOf("\"queue\":\"q", at)) >= 0) {
                at += 10;
                int end = data.indexOf('"', at);
                int q = Integer.parseInt(data, at, end, 10);
                int p0 = data.indexOf("\"partition\":", end) + 12;
                int p1 = p0;
                while (Character.isDigit(data.charAt(p1))) {
                    p1++;
                }
                int p = Integer.parseInt(data, p0, p1, 10);
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = q * partitions + p;
                at = p1;
            }
            int[] result = Arrays.copyOf(out, n);
            Arrays.sort(result);
            return result;
        }

        @Override
        public void onLost(SseStreams.Stream stream, String why) {
            lost++;
            log("stream of worker %d lost: %s", stream.index, why);
        }

        /**
         * Database statements over a window: the total from the server's counters, and each statement
         * from the server's general query log (prepared statements executed over the binary protocol,
         * which the service uses, have no digest in MariaDB's performance schema). A transaction that
         * contains a heartbeat upsert is a heartbeat batch: all its statements, BEGIN and COMMIT
         * included, count as heartbeat work; everything else the service sends is the coordinator's and
         * the change feed's.
         */
        static void statements(Service service, int seconds, String label) throws Exception {
            java.nio.file.Path logFile = java.nio.file.Path.of("target/bench-db/general-" + label + ".log")
                    .toAbsolutePath();
            java.nio.file.Files.deleteIfExists(logFile);
            service.sql("SET GLOBAL general_log_file = '" + logFile + "'; SET GLOBAL general_log = ON");
            Map<String, Long> before = service.status();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Map<String, Long> after = service.status();
            double secs = (System.nanoTime() - t0) / 1e9;
            service.sql("SET GLOBAL general_log = OFF");
            StringBuilder counters = new StringBuilder();
            for (String k : before.keySet()) {
                counters.append(String.format(Locale.ROOT, " %s=%.1f/s", k, (after.get(k) - before.get(k)) / secs));
            }
            log("%s window %.1f s, global counters:%s", label, secs, counters);

            java.util.regex.Pattern entry = java.util.regex.Pattern.compile(
                    "^(?:\\d{6}\\s+[\\d:]+)?\\s+(\\d+)\\s+([A-Za-z]+(?: [a-z]+)?)\\t(.*)$");
            Map<String, List<String>> open = new java.util.HashMap<>();
            Map<String, Long> byKind = new java.util.TreeMap<>();
            Map<String, Long> byText = new java.util.HashMap<>();
            long heartbeatBatches = 0;
            for (String line : java.nio.file.Files.readAllLines(logFile)) {
                java.util.regex.Matcher m = entry.matcher(line);
                if (!m.matches() || !(m.group(2).equals("Query") || m.group(2).equals("Execute"))) {
                    continue;
                }
                String thread = m.group(1);
                String text = m.group(3).trim();
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.startsWith("SHOW GLOBAL STATUS")
                        || upper.startsWith("SET GLOBAL GENERAL_LOG")
                        || upper.contains("@@VERSION_COMMENT")) {
                    continue; // the benchmark's own
                }
                if (upper.equals("BEGIN") || upper.startsWith("START TRANSACTION")) {
                    open.put(thread, new ArrayList<>(List.of(text)));
                    continue;
                }
                List<String> tx = open.get(thread);
                if (tx != null) {
                    tx.add(text);
                    if (upper.equals("COMMIT") || upper.equals("ROLLBACK")) {
                        open.remove(thread);
                        boolean heartbeat = tx.stream().anyMatch(t -> t.startsWith("INSERT INTO workers"));
                        heartbeatBatches += heartbeat ? 1 : 0;
                        for (String t : tx) {
                            count(byKind, byText, heartbeat ? "heartbeat" : "coordinator/feed", t);
                        }
                    }
                    continue;
                }
                count(byKind, byText, "coordinator/feed", text);
            }
            for (List<String> tx : open.values()) {
                for (String t : tx) {
                    count(byKind, byText, "unfinished transaction", t);
                }
            }
            byText.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> log("  %8.2f/s  %s", e.getValue() / secs, e.getKey()));
            long questions = after.get("Questions") - before.get("Questions");
            System.out.printf(
                    Locale.ROOT,
                    "RESULT statements window=%s seconds=%.0f coordinator_feed_per_s=%.1f heartbeat_per_s=%.1f"
                            + " heartbeat_batches_per_s=%.1f questions_per_s=%.1f%n",
                    label,
                    secs,
                    byKind.getOrDefault("coordinator/feed", 0L) / secs,
                    byKind.getOrDefault("heartbeat", 0L) / secs,
                    heartbeatBatches / secs,
                    questions / secs);
        }

        private static void count(Map<String, Long> byKind, Map<String, Long> byText, String kind, String text) {
            byKind.merge(kind, 1L, Long::sum);
            // One line per statement shape: literals and placeholder lists cut off.
            String shape = text.replaceAll("'[^']*'", "?").replaceAll("\\b\\d+\\b", "?");
            int in = shape.indexOf(" IN (");
            int values = shape.indexOf(" VALUES ");
            int cut = Math.max(in, values);
            if (cut > 0) {
                shape = shape.substring(0, cut + 8) + "...";
            }
            shape = shape.length() > 140 ? shape.substring(0, 140) + "..." : shape;
            byText.merge(String.format("%-16s %s", kind, shape), 1L, Long::sum);
        }
    }
}
