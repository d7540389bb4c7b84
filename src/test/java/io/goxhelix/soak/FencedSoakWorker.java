package io.goxhelix.soak;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.GoxWorker;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import io.goxhelix.client.fencing.Checkpoint;
import io.goxhelix.client.fencing.FencedTransactions;
import io.goxhelix.client.fencing.NotOwnerException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A worker process of {@link FencedSoakIT}: the real client, and for each partition it holds a loop
 * that applies the partition's next numbered item through the fencing kit (a row in {@code
 * soak_items}, the checkpoint moved past it, one transaction). It prints what the check needs: its
 * id, every grant, every refusal.
 *
 * <p>{@code FencedSoakWorker <base uris, comma-separated> <domain> <queue> <jdbc url> <user>
 * <password> <worker id> <lease ms>}
 */
public final class FencedSoakWorker {

    private final FencedTransactions fencing;
    private final String workerId;
    private final Map<PartitionRef, Thread> loops = new ConcurrentHashMap<>();

    private FencedSoakWorker(FencedTransactions fencing, String workerId) {
        this.fencing = fencing;
        this.workerId = workerId;
    }

    public static void main(String[] args) throws Exception {
        MariaDbDataSource dataSource = new MariaDbDataSource(args[3]);
        dataSource.setUser(args[4]);
        dataSource.setPassword(args[5]);
        String workerId = args[6];
        Duration lease = Duration.ofMillis(Long.parseLong(args[7]));
        FencedTransactions fencing = FencedTransactions.of(dataSource, workerId, args[1])
                .withLease(lease)
                .withLockWait(Duration.ofSeconds(2))
                .withIdleTimeout(lease);
        FencedSoakWorker app = new FencedSoakWorker(fencing, workerId);
        WorkerOptions options = WorkerOptions.builder()
                .baseUris(Arrays.stream(args[0].split(",")).map(URI::create).toList())
                .domain(args[1])
                .queues(args[2])
                .workerId(workerId)
                .token(System.getenv("GOX_TOKEN"))
                .build();
        say("WORKER " + workerId);
        CountDownLatch stop = new CountDownLatch(1);
        try (GoxWorker worker = GoxWorker.create(options, app.listener()).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
    }

    private PartitionListener listener() {
        return new PartitionListener() {
            @Override
            public void onAssigned(Set<AssignedPartition> partitions) {
                for (AssignedPartition p : partitions) {
                    say("GRANT " + p.queue() + " " + p.partition() + " " + p.epoch());
                    Thread t = new Thread(() -> loop(p), "items-" + p);
                    loops.put(p.ref(), t);
                    t.start();
                }
            }

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {
                for (PartitionRef p : partitions) {
                    Thread t = loops.remove(p);
                    if (t != null) {
                        t.interrupt();
                        join(t);
                    }
                }
            }
        };
    }

    private void loop(AssignedPartition p) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                fencing.run(p, (c, checkpoint) -> apply(c, checkpoint, p));
                Thread.sleep(20);
            } catch (NotOwnerException e) {
                say("REFUSED " + e.reason() + " " + p);
                return;
            } catch (SQLException e) {
                say("RETRY " + p + " " + e.getMessage());
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Void apply(Connection c, Checkpoint checkpoint, AssignedPartition p) throws SQLException {
        long item = checkpoint.value().map(Long::parseLong).orElse(0L);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO soak_items (queue, partition_no, item, epoch, worker_id) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, p.queue());
            s.setInt(2, p.partition());
            s.setLong(3, item);
            s.setLong(4, p.epoch());
            s.setString(5, workerId);
            s.executeUpdate();
        }
        checkpoint.set(Long.toString(item + 1));
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
