package io.goxhelix.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.goxhelix.testing.ServiceProcess;
import io.goxhelix.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The soak of the fencing kit: two service processes, worker processes (separate JVMs on the real
 * client, {@link FencedSoakWorker}) that apply a numbered stream of items per partition, each item's
 * effect and the checkpoint committed through the kit; faults: whole worker processes frozen
 * (SIGSTOP) beyond their lease and resumed, worker processes killed, service instances frozen and
 * killed. Judged from the application's table at the end: no write committed by a non-owner, no item
 * applied twice, none skipped.
 *
 * <p>{@code ./mvnw verify} runs it for 60 s of faults; {@code -Dfenced-soak.duration=PT10M
 * -Dfenced-soak.seed=42} for longer.
 */
class FencedSoakIT {

    private static final Duration LEASE = Soak.LEASE;
    private static final String DOMAIN = "fenced";
    private static final String QUEUE = "items";
    private static final int PARTITIONS = 8;
    private static final int WORKERS = 4;
    private static final Map<String, String> SERVICE_SETTINGS = Map.of(
            "gox.lease-timeout", LEASE.toMillis() + "ms",
            "gox.heartbeat-interval", "500ms",
            "gox.coordinator.lock-wait-timeout", "1s");

    enum FencedFault {
        FREEZE_WORKER,
        KILL_WORKER,
        FREEZE_SERVICE,
        KILL_SERVICE
    }

    private final List<ServiceProcess> instances = new CopyOnWriteArrayList<>();
    /** The worker processes' token (authentication is on, as in production), made once. */
    private volatile String workerToken;

    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final List<WorkerProcess> everyWorker = new CopyOnWriteArrayList<>();
    private final Map<FencedFault, Integer> injected = new TreeMap<>();
    private final List<CompletableFuture<Void>> healing = new CopyOnWriteArrayList<>();
    private volatile boolean serviceFaultOpen;

    @Test
    void underFrozenAndKilledWorkerProcessesEveryItemIsAppliedOnceByItsOwner() throws Exception {
        long seed = Optional.ofNullable(System.getProperty("fenced-soak.seed"))
                .filter(s -> !s.isBlank())
                .map(Long::parseLong)
                .orElseGet(() -> new Random().nextLong());
        Duration duration = Duration.parse(System.getProperty("fenced-soak.duration", "PT60S"));
        Random random = new Random(seed);
        System.out.println("[fenced-soak] seed " + seed + ", faults for " + duration);
        try (TestDatabase db = TestDatabase.start()) {
            try {
                // Given the service, the application's table, a queue and workers applying items
                startService(db);
                db.executeInDatabase("CREATE TABLE soak_items (id BIGINT NOT NULL AUTO_INCREMENT,"
                        + " queue VARCHAR(64) NOT NULL, partition_no INT NOT NULL, item BIGINT NOT NULL,"
                        + " epoch BIGINT NOT NULL, worker_id CHAR(36) NOT NULL, PRIMARY KEY (id),"
                        + " KEY soak_items_by_item (queue, partition_no, item)) ENGINE = InnoDB");
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> Admin.putQueue(instances.get(0).uri(), DOMAIN, QUEUE, PARTITIONS));
                for (int i = 0; i < WORKERS; i++) {
                    workers.add(startWorker(db));
                }
                await().atMost(Duration.ofMinutes(2)).until(() -> progress(db).size() == PARTITIONS);

                // When faults are injected for a while
                long end = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    inject(db, random);
                    Thread.sleep(1000 + random.nextInt(2000));
                }
                for (CompletableFuture<Void> h : healing) {
                    h.get(2, TimeUnit.MINUTES);
                }

                // Then, faults over, every partition makes progress again
                Map<Integer, Long> before = progress(db);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            Map<Integer, Long> now = progress(db);
                            return before.keySet().stream().allMatch(p -> now.getOrDefault(p, 0L) >= before.get(p) + 3);
                        });
            } finally {
                everyWorker.forEach(WorkerProcess::kill);
                instances.forEach(ServiceProcess::close);
            }

            // And the application's table shows every item of every partition applied once, in order,
            // each by the worker granted the epoch it wrote under, and no write of a superseded epoch
            Verdict verdict = judge(db);
            String report = verdict.describe(seed, duration, injected);
            System.out.println("[fenced-soak]\n" + report);
            Files.writeString(Path.of("target", "fenced-soak-report.md"), report);
            assertThat(verdict.nonOwnerWrites()).isZero();
            assertThat(verdict.duplicates()).isZero();
            assertThat(verdict.skipped()).isZero();
            assertThat(verdict.checkpointMismatches()).isZero();
            assertThat(verdict.items()).isPositive();
            assertThat(verdict.handoffs()).isPositive();
            assertThat(injected.getOrDefault(FencedFault.FREEZE_WORKER, 0)).isPositive();
            assertThat(injected.getOrDefault(FencedFault.KILL_WORKER, 0)).isPositive();

            // And the judge does catch what it looks for: a stale owner's repeat of item 0
            db.executeInDatabase("INSERT INTO soak_items (queue, partition_no, item, epoch, worker_id)"
                    + " VALUES ('items', 0, 0, 0, '" + UUID.randomUUID() + "')");
            Verdict canary = judge(db);
            assertThat(canary.nonOwnerWrites()).isEqualTo(1);
            assertThat(canary.duplicates()).isEqualTo(1);
        }
    }

    private void startService(TestDatabase db) {
        for (int i = 0; i < 2; i++) {
            instances.add(new ServiceProcess("fenced-soak-" + i, db, SERVICE_SETTINGS).start());
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> instances.stream().allMatch(ServiceProcess::isReady));
        workerToken = instances.get(0).workerToken(DOMAIN);
    }

    private WorkerProcess startWorker(TestDatabase db) {
        String uris = instances.stream().map(i -> i.uri().toString()).collect(Collectors.joining(","));
        WorkerProcess w = WorkerProcess.start(
                everyWorker.size(),
                List.of(
                        uris,
                        DOMAIN,
                        QUEUE,
                        db.jdbcUrl(),
                        db.user(),
                        db.password(),
                        UUID.randomUUID().toString(),
                        Long.toString(LEASE.toMillis())),
                workerToken);
        everyWorker.add(w);
        return w;
    }

    /** One fault, chosen by {@code random}; freezes heal on their own, in the background. */
    private void inject(TestDatabase db, Random random) {
        FencedFault fault = FencedFault.values()[random.nextInt(FencedFault.values().length)];
        if ((fault == FencedFault.FREEZE_SERVICE || fault == FencedFault.KILL_SERVICE) && serviceFaultOpen) {
            fault = FencedFault.FREEZE_WORKER;
        }
        long frozenMs = LEASE.toMillis() + 500 + random.nextInt(3000);
        switch (fault) {
            case FREEZE_WORKER -> {
                WorkerProcess w = workers.get(random.nextInt(workers.size()));
                w.signal("STOP");
                healing.add(CompletableFuture.runAsync(
                        () -> w.signal("CONT"), CompletableFuture.delayedExecutor(frozenMs, TimeUnit.MILLISECONDS)));
            }
            case KILL_WORKER -> {
                WorkerProcess w = workers.remove(random.nextInt(workers.size()));
                w.kill();
                workers.add(startWorker(db));
            }
            case FREEZE_SERVICE -> {
                ServiceProcess s = instances.get(random.nextInt(instances.size()));
                serviceFaultOpen = true;
                s.signal("STOP");
                healing.add(CompletableFuture.runAsync(
                        () -> {
                            s.signal("CONT");
                            serviceFaultOpen = false;
                        },
                        CompletableFuture.delayedExecutor(frozenMs + 2000, TimeUnit.MILLISECONDS)));
            }
            case KILL_SERVICE -> {
                int i = random.nextInt(instances.size());
                ServiceProcess s = instances.get(i);
                serviceFaultOpen = true;
                s.kill();
                ServiceProcess again = s.again().start();
                instances.set(i, again);
                healing.add(CompletableFuture.runAsync(() -> {
                    await().atMost(Duration.ofMinutes(2)).until(again::isReady);
                    serviceFaultOpen = false;
                }));
            }
        }
        injected.merge(fault, 1, Integer::sum);
        System.out.printf("[fenced-soak] %-15s%n", fault);
    }

    /** partition -> its checkpoint (the next item to apply). */
    private static Map<Integer, Long> progress(TestDatabase db) throws SQLException {
        Map<Integer, Long> next = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT partition_no, checkpoint FROM checkpoints WHERE domain = '"
                        + DOMAIN + "' AND queue = '" + QUEUE + "'")) {
            while (rs.next()) {
                next.put(rs.getInt(1), Long.parseLong(rs.getString(2)));
            }
        }
        return next;
    }

    /** What the application's table says, against the grants the workers printed. */
    record Verdict(
            long items,
            long duplicates,
            long skipped,
            long nonOwnerWrites,
            long checkpointMismatches,
            long handoffs,
            Map<String, Long> refusals,
            long retries) {

        String describe(long seed, Duration duration, Map<FencedFault, Integer> injected) {
            StringBuilder b = new StringBuilder()
                    .append("| Fenced soak | |\n|---|---|\n")
                    .append("| seed | ")
                    .append(seed)
                    .append(" |\n")
                    .append("| faults for | ")
                    .append(duration.toSeconds())
                    .append(" s |\n");
            injected.forEach(
                    (f, n) -> b.append("| ").append(f).append(" | ").append(n).append(" |\n"));
            b.append("| items applied | ")
                    .append(items)
                    .append(" |\n")
                    .append("| handoffs (new epochs that wrote) | ")
                    .append(handoffs)
                    .append(" |\n");
            refusals.forEach((r, n) ->
                    b.append("| refused: ").append(r).append(" | ").append(n).append(" |\n"));
            b.append("| runs failed by a database error, retried | ")
                    .append(retries)
                    .append(" |\n");
            return b.append("| writes committed by a non-owner | ")
                    .append(nonOwnerWrites)
                    .append(" |\n")
                    .append("| items applied twice | ")
                    .append(duplicates)
                    .append(" |\n")
                    .append("| items skipped | ")
                    .append(skipped)
                    .append(" |\n")
                    .append("| checkpoints not at the next item | ")
                    .append(checkpointMismatches)
                    .append(" |\n")
                    .toString();
        }
    }

    private Verdict judge(TestDatabase db) throws SQLException, IOException {
        Set<String> grants = new HashSet<>();
        Map<String, Long> refusals = new TreeMap<>();
        long retries = 0;
        for (WorkerProcess w : everyWorker) {
            grants.addAll(w.grants());
            retries += w.retries();
            w.refusals().forEach((r, n) -> refusals.merge(r, n, Long::sum));
        }
        long items = 0;
        long duplicates = 0;
        long skipped = 0;
        long nonOwner = 0;
        long handoffs = 0;
        Map<Integer, Long> next = progress(db);
        Map<Integer, Long> applied = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT partition_no, item, epoch, worker_id FROM soak_items ORDER BY partition_no, id")) {
            int partition = -1;
            long expected = 0;
            long lastEpoch = -1;
            Map<Long, String> writerOfEpoch = new HashMap<>();
            while (rs.next()) {
                if (rs.getInt(1) != partition) {
                    partition = rs.getInt(1);
                    expected = 0;
                    lastEpoch = -1;
                    writerOfEpoch.clear();
                }
                long item = rs.getLong(2);
                long epoch = rs.getLong(3);
                String worker = rs.getString(4);
                items++;
                // In commit order (the checkpoint row serialises a partition's transactions), items are
                // 0, 1, 2, ...: a repeat is an item applied twice, a gap items skipped.
                if (item < expected) {
                    duplicates++;
                } else {
                    skipped += item - expected;
                    expected = item + 1;
                }
                boolean granted = grants.contains(worker + " " + partition + " " + epoch);
                String other = writerOfEpoch.putIfAbsent(epoch, worker);
                if (epoch < lastEpoch || !granted || (other != null && !other.equals(worker))) {
                    nonOwner++;
                }
                if (epoch > lastEpoch && lastEpoch >= 0) {
                    handoffs++;
                }
                lastEpoch = Math.max(lastEpoch, epoch);
                applied.put(partition, expected);
            }
        }
        long mismatches = next.entrySet().stream()
                .filter(e -> !e.getValue().equals(applied.getOrDefault(e.getKey(), 0L)))
                .count();
        return new Verdict(items, duplicates, skipped, nonOwner, mismatches, handoffs, refusals, retries);
    }

    /** A {@link FencedSoakWorker} in a JVM of its own, on this test's class path. */
    private static final class WorkerProcess {

        private final Process process;
        private final Path log;

        private WorkerProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** @param token the worker token, handed over in the environment, not on the command line */
        static WorkerProcess start(int n, List<String> args, String token) {
            Path log = Path.of("target", "it-logs", "fenced-worker-" + n + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    FencedSoakWorker.class.getName()));
            command.addAll(args);
            try {
                Files.createDirectories(log.getParent());
                Files.deleteIfExists(log);
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("GOX_TOKEN", token);
                Process p = builder.start();
                return new WorkerProcess(p, log);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void signal(String signal) {
            if (!process.isAlive()) {
                return;
            }
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void kill() {
            signal("CONT");
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** "worker partition epoch" of every grant it printed. */
        Set<String> grants() throws IOException {
            List<String> lines = Files.readAllLines(log);
            String id = lines.stream()
                    .filter(l -> l.startsWith("WORKER "))
                    .map(l -> l.substring(7))
                    .findFirst()
                    .orElse("?");
            return lines.stream()
                    .filter(l -> l.startsWith("GRANT "))
                    .map(l -> l.split(" "))
                    .map(f -> id + " " + f[2] + " " + f[3])
                    .collect(Collectors.toSet());
        }

        long retries() throws IOException {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("RETRY "))
                    .count();
        }

        Map<String, Long> refusals() throws IOException {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("REFUSED "))
                    .collect(Collectors.groupingBy(l -> l.split(" ")[1], TreeMap::new, Collectors.counting()));
        }
    }
}
