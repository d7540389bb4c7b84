package io.goxhelix.example.fenced;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.GoxWorker;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import io.goxhelix.client.fencing.FencedTransactions;
import io.goxhelix.client.fencing.NotOwnerException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A worker that applies numbered items of each partition it owns through the fencing kit, in the same
 * MySQL server as gox-helix's schema:
 *
 * <pre>
 * java -cp target/fenced-worker-0.1.0-SNAPSHOT.jar:... io.goxhelix.example.fenced.FencedWorker \
 *     http://localhost:8080 domain_order food_order 'jdbc:mysql://127.0.0.1:3306/goxhelix?user=root'
 * </pre>
 *
 * The JDBC URL names the schema of gox-helix (the application's table is created beside it).
 */
public final class FencedWorker {

    private final Map<PartitionRef, Thread> running = new ConcurrentHashMap<>();
    private final FencedTransactions fencing;
    private final String workerId;

    private FencedWorker(FencedTransactions fencing, String workerId) {
        this.fencing = fencing;
        this.workerId = workerId;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: FencedWorker <gox-helix url> <domain> <queue> <jdbc url>");
            System.exit(2);
        }
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl(args[3]);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(NumberedItems.TABLE);
        }
        WorkerOptions options = WorkerOptions.builder()
                .baseUri(args[0])
                .domain(args[1])
                .queues(args[2])
                .build();
        FencedTransactions fencing = FencedTransactions.of(dataSource, options.workerId(), args[1]);
        FencedWorker app = new FencedWorker(fencing, options.workerId());
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
                partitions.forEach(FencedWorker.this::start);
            }

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {
                // Stopping before returning is the worker rule; the fence would refuse a late write anyway.
                partitions.forEach(FencedWorker.this::stop);
            }
        };
    }

    private void start(AssignedPartition p) {
        Thread t = new Thread(() -> work(p), "items-" + p);
        running.put(p.ref(), t);
        t.start();
    }

    private void stop(PartitionRef p) {
        Thread t = running.remove(p);
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work(AssignedPartition p) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long item = fencing.run(p, (c, checkpoint) -> NumberedItems.applyNext(c, checkpoint, p, workerId));
                System.out.println(p + ": applied item " + item);
                Thread.sleep(100);
            } catch (NotOwnerException e) {
                System.out.println(p + ": " + e.reason() + ", stopping");
                return;
            } catch (SQLException e) {
                System.out.println(p + ": " + e.getMessage() + ", trying again");
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
