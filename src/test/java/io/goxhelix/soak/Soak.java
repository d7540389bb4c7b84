package io.goxhelix.soak;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.coordinator.PartitionCache;
import io.goxhelix.testing.HoldingLog;
import io.goxhelix.testing.Invariants;
import io.goxhelix.testing.Layout;
import io.goxhelix.testing.ServiceProcess;
import io.goxhelix.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Three instances of the packaged service on one database, a changing set of workers built on the
 * client, and a fault injector: every random choice (which fault, on whom, how long, what size) comes
 * from one seeded generator, so a seed replays the same sequence of faults (their timing against the
 * service's own, and so the exact interleavings, vary from run to run).
 */
final class Soak implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(3);
    /** The service's database session timeout for the election lock (Election: wait_timeout = 4). */
    static final Duration LOCK_SESSION_TIMEOUT = Duration.ofSeconds(4);

    private static final Map<String, String> SERVICE_SETTINGS = Map.of(
            "gox.lease-timeout",
            LEASE.toMillis() + "ms",
            "gox.heartbeat-interval",
            "500ms",
            "gox.coordinator.restart-grace",
            PlannedFaults.RESTART_GRACE.toMillis() + "ms");
    private static final String DOMAIN = "soak";
    private static final List<String> QUEUE_NAMES = List.of("q0", "q1", "q2", "q3", "q4");
    private static final int MAX_PARTITIONS = 64;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration ADMIN_PATIENCE = Duration.ofSeconds(60);

    /** What to run: {@code -Dsoak.seed}, {@code -Dsoak.duration} (ISO-8601), {@code -Dsoak.min-faults}. */
    record Settings(long seed, Duration faultPhase, int minFaults, int minWorkers, int maxWorkers) {

        static Settings fromSystemProperties() {
            long seed = Optional.ofNullable(System.getProperty("soak.seed"))
                    .filter(s -> !s.isBlank())
                    .map(Long::parseLong)
                    .orElseGet(() -> new Random().nextLong());
            Duration phase = Duration.parse(System.getProperty("soak.duration", "PT150S"));
            int minFaults = Integer.parseInt(System.getProperty("soak.min-faults", "60"));
            return new Settings(seed, phase, minFaults, 4, 12);
        }
    }

    private record Resize(long at, String queue, int partitions) {}

    /** An instance or the database was down or frozen from {@code from} until healed at {@code to}. */
    private record Outage(long from, long to) {}

    /** A worker crashed at {@code at} holding {@code held}. */
    private record Crash(String worker, long at, List<HoldingLog.Interval> held) {}

    private final Settings settings;
    private final Random random;
    private final HoldingLog log = new HoldingLog();
    private final TestDatabase db;
    private final List<ServiceProcess> instances = new CopyOnWriteArrayList<>();
    private final StaleWriteGuard guard;
    /** The worker token every soak worker uses (authentication is on, as in production). */
    private final String workerToken;

    private final List<SoakWorker> workers = new CopyOnWriteArrayList<>();
    private final Set<SoakWorker> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> queues = new TreeMap<>();
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private final List<Crash> crashes = new ArrayList<>();
    /** Queue sizes as the soak changed them, with when (a deletion is a size of 0). */
    private final List<Resize> resizes = new ArrayList<>();

    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    /** When workers joined (a join changes every worker's share). */
    private final List<Long> joins = new CopyOnWriteArrayList<>();

    private final PlannedFaults planned;

    private final List<Future<?>> pending = new CopyOnWriteArrayList<>();
    /** The instances' logs (appended to across runs), and how long each was when this run began. */
    private final Map<Path, Long> logStarts = new HashMap<>();

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, daemon("soak-timer"));
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("soak-background"));
    private Future<?> infrastructureFault = CompletableFuture.completedFuture(null);

    private Soak(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.planned = new PlannedFaults(DOMAIN, new Lent(), random, log);
        this.db = TestDatabase.start();
        for (int i = 0; i < 3; i++) {
            Path log = ServiceProcess.logOf("soak-" + i);
            logStarts.put(log, sizeOf(log));
            instances.add(new ServiceProcess("soak-" + i, db, SERVICE_SETTINGS).start());
        }
        // Three JVMs starting at once on a small machine: generous, it is not what is measured.
        await().atMost(READY).until(() -> instances.stream().allMatch(ServiceProcess::isReady));
        this.guard = StaleWriteGuard.install(db);
        this.workerToken = instances.get(0).workerToken(DOMAIN);
        timers.scheduleWithFixedDelay(this::work, 10, 10, TimeUnit.MILLISECONDS);
    }

    static Soak start(Settings settings) {
        return new Soak(settings);
    }

    /** Faults for the configured time, then none until the cluster has converged; the figures. */
    SoakReport run() throws Exception {
        putQueue("q0", 32);
        putQueue("q1", 16);
        for (int i = 0; i < 8; i++) {
            join();
        }
        long begin = System.nanoTime();
        long end = begin + settings.faultPhase().toNanos();
        while (System.nanoTime() < end) {
            Fault fault = pick();
            if (fault != null) {
                injected.merge(fault, 1, Integer::sum);
                // One line per fault: a failure can be read against the instances' logs (target/it-logs).
                System.out.printf(
                        "[soak] %7.1f s  %-18s workers %d, queues %s%n",
                        (System.nanoTime() - begin) / 1e9, fault, workers.size(), queues);
            }
            Thread.sleep(500 + random.nextInt(2000));
        }

        // Faults stop: whatever was taken down comes back.
        infrastructureFault.get(5, TimeUnit.MINUTES);
        for (Future<?> f : pending) {
            f.get(2, TimeUnit.MINUTES);
        }
        await().atMost(READY).until(() -> instances.stream().allMatch(ServiceProcess::isReady));
        long quiet = System.nanoTime();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(this::converged);
        Duration convergence = Duration.ofNanos(System.nanoTime() - quiet);

        for (SoakWorker w : workers) {
            w.leave();
        }
        workers.clear();
        long staleWrites = guard.staleWrites();
        long rows = guard.partitionRows();
        db.executeInDatabase("INSERT INTO partitions (domain, queue, partition_no, owner, state, epoch,"
                + " release_version, term) VALUES ('soak-canary', 'q', 0, NULL, 'UNASSIGNED', 0, 0, 0)");
        boolean canaryCaught = guard.staleWrites() == staleWrites + 1;
        // The coordinator's copy of the partitions is read again every rebalance interval and compared.
        long copyMismatches = logLinesContaining(PartitionCache.MISMATCH);
        return new SoakReport(
                settings.seed(),
                settings.faultPhase(),
                new EnumMap<>(injected),
                log.violations(),
                log.handoffs(),
                staleWrites,
                rows,
                canaryCaught,
                copyMismatches,
                convergence,
                unownedAfterCrash(false),
                unownedAfterCrash(true),
                planned.figures());
    }

    private static long sizeOf(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines the instances logged during this run that contain {@code needle}. */
    private long logLinesContaining(String needle) throws IOException {
        long count = 0;
        for (Map.Entry<Path, Long> log : logStarts.entrySet()) {
            if (!Files.exists(log.getKey())) {
                continue;
            }
            try (InputStream in = Files.newInputStream(log.getKey())) {
                in.skipNBytes(log.getValue());
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                count += lines.lines().filter(line -> line.contains(needle)).count();
            }
        }
        return count;
    }

    // ------------------------------------------------------------------------------------------
    // Faults
    // ------------------------------------------------------------------------------------------

    /**
     * Injects a kind not injected yet if one applies (so that even a short run sees every kind), or
     * else draws by weight until one applies; null if none did in 50 draws.
     */
    private Fault pick() {
        List<Fault> untried = new ArrayList<>(List.of(Fault.values()));
        untried.removeAll(injected.keySet());
        java.util.Collections.shuffle(untried, random);
        for (Fault f : untried) {
            if (inject(f)) {
                return f;
            }
        }
        int total = 0;
        for (Fault f : Fault.values()) {
            total += f.weight;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int r = random.nextInt(total);
            Fault chosen = null;
            for (Fault f : Fault.values()) {
                r -= f.weight;
                if (r < 0) {
                    chosen = f;
                    break;
                }
            }
            if (inject(chosen)) {
                return chosen;
            }
        }
        return null;
    }

    private boolean inject(Fault fault) {
        if (fault.infrastructure && !infrastructureFault.isDone()) {
            return false;
        }
        return switch (fault) {
            case KILL_INSTANCE -> killInstance(random.nextInt(instances.size()));
            case KILL_COORDINATOR -> coordinatorIndex().map(this::killInstance).orElse(false);
            case FREEZE_COORDINATOR ->
                coordinatorIndex().map(this::freezeInstance).orElse(false);
            case RESTART_DATABASE -> restartDatabase();
            case CRASH_WORKER -> crashWorker();
            case FREEZE_WORKER -> freezeWorker();
            case LEAVE -> leave();
            case RESTART -> planned.restart();
            case OPERATOR_DRAIN -> planned.drain();
            case JOIN -> workers.size() < settings.maxWorkers() && join();
            case DROP_CONNECTIONS ->
                someWorker()
                        .map(w -> {
                            w.dropConnections();
                            return true;
                        })
                        .orElse(false);
            case SLOW_ACK -> {
                Duration slow = Duration.ofMillis(500 + random.nextInt(1500));
                yield someWorker()
                        .map(w -> {
                            w.slowNextRevoke(slow);
                            return true;
                        })
                        .orElse(false);
            }
            case CREATE_QUEUE -> createQueue();
            case GROW_QUEUE -> resizeQueue(true);
            case SHRINK_QUEUE -> resizeQueue(false);
            case DELETE_QUEUE -> deleteQueue();
        };
    }

    private Optional<Integer> coordinatorIndex() {
        Optional<String> name = ready().flatMap(i -> Admin.coordinator(i.uri()));
        return name.flatMap(n -> {
            for (int i = 0; i < instances.size(); i++) {
                if (instances.get(i).name().equals(n)) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        });
    }

    /** kill -9, then a restart after a pause. */
    private boolean killInstance(int index) {
        long downMillis = 500 + random.nextInt(2500);
        ServiceProcess victim = instances.get(index);
        victim.kill();
        infrastructure(() -> {
            sleep(downMillis);
            ServiceProcess fresh = victim.again().start();
            instances.set(index, fresh);
            await().atMost(READY).until(fresh::isReady);
        });
        return true;
    }

    /** SIGSTOP for longer than the lease and the lock's session timeout, then SIGCONT. */
    private boolean freezeInstance(int index) {
        long frozenMillis = LEASE.plus(LOCK_SESSION_TIMEOUT).toMillis() + 1000 + random.nextInt(2000);
        ServiceProcess victim = instances.get(index);
        victim.signal("STOP");
        infrastructure(() -> {
            sleep(frozenMillis);
            victim.signal("CONT");
            await().atMost(READY).until(victim::isReady);
        });
        return true;
    }

    /** Heals an infrastructure fault in the background (one at a time), noting the outage. */
    private void infrastructure(Runnable heal) {
        long from = System.nanoTime();
        infrastructureFault = background.submit(() -> {
            heal.run();
            outages.add(new Outage(from, System.nanoTime()));
        });
    }

    /** Stops the database server and starts it again on the same data (embedded database only). */
    private boolean restartDatabase() {
        if (!db.isEmbedded()) {
            return false;
        }
        long downMillis = 500 + random.nextInt(2500);
        db.stopServer();
        infrastructure(() -> {
            sleep(downMillis);
            db.startServer();
            await().atMost(READY).until(() -> instances.stream().allMatch(ServiceProcess::isReady));
        });
        return true;
    }

    private boolean crashWorker() {
        if (workers.size() <= settings.minWorkers()) {
            return false;
        }
        Optional<SoakWorker> victim = someWorker();
        victim.ifPresent(w -> {
            workers.remove(w);
            List<HoldingLog.Interval> held = log.holding(w.id());
            long at = System.nanoTime();
            w.crash();
            crashes.add(new Crash(w.id(), at, held));
        });
        return victim.isPresent();
    }

    /** The worker's network stops for longer than the lease, then comes back. */
    private boolean freezeWorker() {
        long frozenMillis = LEASE.toMillis() + 500 + random.nextInt(2500);
        Optional<SoakWorker> victim = someWorker();
        victim.ifPresent(w -> {
            busy.add(w);
            w.freeze();
            pending.add(timers.schedule(
                    () -> {
                        w.unfreeze();
                        busy.remove(w);
                    },
                    frozenMillis,
                    TimeUnit.MILLISECONDS));
        });
        return victim.isPresent();
    }

    private boolean leave() {
        if (workers.size() <= settings.minWorkers()) {
            return false;
        }
        Optional<SoakWorker> leaver = someWorker();
        leaver.ifPresent(w -> {
            workers.remove(w);
            busy.add(w);
            // Its application keeps being looked at (work()) until the leave is over.
            pending.add(background.submit(() -> {
                w.leave();
                busy.remove(w);
            }));
        });
        return leaver.isPresent();
    }

    private boolean join() {
        List<InetSocketAddress> addresses =
                instances.stream().map(ServiceProcess::address).toList();
        SoakWorker w =
                new SoakWorker(DOMAIN, QUEUE_NAMES, addresses, random.nextInt(addresses.size()), workerToken, log);
        workers.add(w.start());
        joins.add(System.nanoTime());
        return true;
    }

    private boolean createQueue() {
        List<String> absent =
                QUEUE_NAMES.stream().filter(q -> !queues.containsKey(q)).toList();
        if (absent.isEmpty()) {
            return false;
        }
        putQueue(absent.get(random.nextInt(absent.size())), 1 + random.nextInt(40));
        return true;
    }

    private boolean resizeQueue(boolean grow) {
        List<String> candidates = queues.entrySet().stream()
                .filter(e -> grow ? e.getValue() < MAX_PARTITIONS : e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        if (candidates.isEmpty()) {
            return false;
        }
        String q = candidates.get(random.nextInt(candidates.size()));
        int n = queues.get(q);
        int by = 1 + random.nextInt(Math.min(16, grow ? MAX_PARTITIONS - n : n - 1));
        putQueue(q, grow ? n + by : n - by);
        return true;
    }

    private boolean deleteQueue() {
        if (queues.size() < 2) {
            return false;
        }
        List<String> names = List.copyOf(queues.keySet());
        String q = names.get(random.nextInt(names.size()));
        admin("delete " + q, i -> Admin.deleteQueue(i, DOMAIN, q));
        queues.remove(q);
        resizes.add(new Resize(System.nanoTime(), q, 0));
        return true;
    }

    private void putQueue(String queue, int partitions) {
        admin("put " + queue + " " + partitions, i -> Admin.putQueue(i, DOMAIN, queue, partitions));
        queues.put(queue, partitions);
        resizes.add(new Resize(System.nanoTime(), queue, partitions));
    }

    /** Tries the instances in turn until one carries the request out (an instance may be down). */
    private void admin(String what, java.util.function.Predicate<URI> request) {
        long deadline = System.nanoTime() + ADMIN_PATIENCE.toNanos();
        int k = 0;
        while (System.nanoTime() < deadline) {
            ServiceProcess instance = instances.get(k++ % instances.size());
            if (instance.isAlive() && request.test(instance.uri())) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("no instance carried out '" + what + "' within " + ADMIN_PATIENCE);
    }

    private Optional<SoakWorker> someWorker() {
        List<SoakWorker> available =
                workers.stream().filter(w -> !busy.contains(w)).toList();
        return available.isEmpty() ? Optional.empty() : Optional.of(available.get(random.nextInt(available.size())));
    }

    private Optional<ServiceProcess> ready() {
        return instances.stream().filter(ServiceProcess::isReady).findFirst();
    }

    private void work() {
        for (SoakWorker w : workers) {
            w.work();
        }
        for (SoakWorker w : busy) {
            w.work();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Checks
    // ------------------------------------------------------------------------------------------

    /**
     * Every defined queue as the soak defined it, balanced over the live workers by {@link
     * Invariants#balance} (all ASSIGNED, within one partition per queue and in total: all workers
     * serve all queue names), and each worker holding exactly what the service says it owns, under
     * the same epochs.
     */
    private boolean converged() {
        Optional<ServiceProcess> via = ready();
        if (via.isEmpty()) {
            return false;
        }
        Map<String, Map<PartitionRef, Long>> owned = new HashMap<>();
        Map<String, String[]> owners = new TreeMap<>();
        for (String name : QUEUE_NAMES) {
            Optional<JsonNode> view = Admin.queue(via.get().uri(), DOMAIN, name);
            if (view.isPresent() != queues.containsKey(name)) {
                return false;
            }
            if (view.isPresent()) {
                String[] owner = assigned(view.get(), name, owned);
                if (owner == null) {
                    return false;
                }
                owners.put(name, owner);
            }
        }
        Map<String, Set<String>> serving = new TreeMap<>();
        workers.forEach(w -> serving.put(w.id(), Set.copyOf(QUEUE_NAMES)));
        if (!Invariants.balance(new Layout(queues, serving, owners)).isEmpty()) {
            return false;
        }
        for (SoakWorker w : workers) {
            if (!w.held().equals(owned.getOrDefault(w.id(), Map.of()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ASSIGNED owner of each partition of a queue's view, each also noted in {@code owned} with
     * its epoch; null when the view does not have the size the soak gave the queue.
     */
    private String[] assigned(JsonNode view, String name, Map<String, Map<PartitionRef, Long>> owned) {
        String[] owner = new String[queues.get(name)];
        if (view.get("partitions").asInt() != owner.length) {
            return null;
        }
        for (JsonNode slot : view.get("assignments")) {
            int p = slot.get("partition").asInt();
            if (p >= owner.length) {
                return null;
            }
            if ("ASSIGNED".equals(slot.get("state").asText())) {
                owner[p] = slot.get("workerId").asText(null);
                owned.computeIfAbsent(owner[p], w -> new HashMap<>())
                        .put(new PartitionRef(name, p), slot.get("epoch").asLong());
            }
        }
        return owner;
    }

    /**
     * For each partition a crashed worker held: milliseconds until another worker held it. Partitions
     * removed meanwhile (their queue shrunk below them or deleted) are left out: they had no owner to
     * wait for. With {@code quiet}, only those during whose wait no instance or database was down.
     */
    private List<Long> unownedAfterCrash(boolean quiet) {
        List<HoldingLog.Interval> all = log.intervals();
        List<Long> gaps = new ArrayList<>();
        for (Crash c : crashes) {
            for (HoldingLog.Interval held : c.held()) {
                all.stream()
                        .filter(i -> i.queue().equals(held.queue())
                                && i.partition() == held.partition()
                                && !i.worker().equals(c.worker())
                                && i.start() >= c.at())
                        .mapToLong(HoldingLog.Interval::start)
                        .min()
                        .ifPresent(next -> {
                            boolean removed = removedBetween(held.queue(), held.partition(), c.at(), next);
                            if (!removed && !(quiet && outageBetween(c.at(), next))) {
                                gaps.add(TimeUnit.NANOSECONDS.toMillis(next - c.at()));
                            }
                        });
            }
        }
        return gaps;
    }

    private boolean removedBetween(String queue, int partition, long from, long to) {
        return resizes.stream()
                .anyMatch(
                        r -> r.at() >= from && r.at() <= to && r.queue().equals(queue) && r.partitions() <= partition);
    }

    private boolean outageBetween(long from, long to) {
        return outages.stream().anyMatch(o -> o.from() <= to && o.to() >= from);
    }

    /** What the planned events are lent of the soak: its fleet, background, operator and records. */
    private final class Lent implements PlannedFaults.Fleet {

        @Override
        public Optional<SoakWorker> take(boolean leaving) {
            if (leaving && workers.size() <= settings.minWorkers()) {
                return Optional.empty();
            }
            Optional<SoakWorker> w = someWorker();
            w.ifPresent(taken -> {
                workers.remove(taken);
                // Its application keeps being looked at (work()) until it is gone.
                busy.add(taken);
            });
            return w;
        }

        @Override
        public void startUnder(String id, int draw) {
            List<InetSocketAddress> addresses =
                    instances.stream().map(ServiceProcess::address).toList();
            int first = Math.floorMod(draw, addresses.size());
            workers.add(new SoakWorker(id, DOMAIN, QUEUE_NAMES, addresses, first, workerToken, log).start());
        }

        @Override
        public void gone(SoakWorker w) {
            busy.remove(w);
        }

        @Override
        public void inBackground(Runnable task) {
            pending.add(background.submit(task));
        }

        @Override
        public boolean operator(java.util.function.Predicate<URI> request) {
            try {
                admin("planned event", request);
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        @Override
        public Optional<URI> someInstance() {
            return instances.stream()
                    .filter(ServiceProcess::isAlive)
                    .map(ServiceProcess::uri)
                    .findFirst();
        }

        @Override
        public boolean removedBetween(String queue, int partition, long from, long to) {
            return Soak.this.removedBetween(queue, partition, from, to);
        }

        @Override
        public boolean outageBetween(long from, long to) {
            return Soak.this.outageBetween(from, to);
        }

        @Override
        public boolean reshapedBetween(long from, long to) {
            return joins.stream().anyMatch(t -> t >= from && t <= to)
                    || resizes.stream().anyMatch(r -> r.at() >= from && r.at() <= to);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (SoakWorker w : workers) {
            w.crash();
        }
        background.shutdownNow();
        for (ServiceProcess i : instances) {
            i.close();
        }
        db.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
