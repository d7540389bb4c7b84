package io.goxhelix.client.example;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.GoxWorker;
import io.goxhelix.client.PartitionListener;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerOptions;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A worker that only logs the partitions it is given and loses. Stop it with Ctrl-C: it revokes its
 * partitions and leaves, so that they move to the other workers at once.
 *
 * <pre>
 * java -cp target/classes io.goxhelix.client.example.LoggingWorker BASE_URL[,BASE_URL...] DOMAIN QUEUE...
 * </pre>
 *
 * Without arguments it reads {@code GOX_URL} (comma-separated), {@code GOX_DOMAIN} and {@code
 * GOX_QUEUES} (comma-separated); {@code GOX_WORKER_ID} fixes the worker id (default: a random UUID).
 */
public final class LoggingWorker {

    private LoggingWorker() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> urls;
        String domain;
        List<String> queues;
        if (args.length >= 3) {
            urls = split(args[0]);
            domain = args[1];
            queues = List.of(Arrays.copyOfRange(args, 2, args.length));
        } else if (args.length == 0 && System.getenv("GOX_URL") != null) {
            urls = split(System.getenv("GOX_URL"));
            domain = System.getenv("GOX_DOMAIN");
            queues = split(System.getenv().getOrDefault("GOX_QUEUES", ""));
        } else {
            System.err.println("usage: LoggingWorker BASE_URL[,BASE_URL...] DOMAIN QUEUE...");
            System.err.println("   or: GOX_URL=... GOX_DOMAIN=... GOX_QUEUES=q1,q2 LoggingWorker");
            System.exit(2);
            return;
        }
        WorkerOptions.Builder builder = WorkerOptions.builder().domain(domain).queues(queues);
        urls.forEach(builder::baseUri);
        String id = System.getenv("GOX_WORKER_ID");
        if (id != null && !id.isBlank()) {
            builder.workerId(id);
        }
        WorkerOptions options;
        try {
            options = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        GoxWorker worker = GoxWorker.create(options, new PartitionListener() {
            @Override
            public void onAssigned(Set<AssignedPartition> partitions) {
                log("assigned " + partitions);
            }

            @Override
            public void onRevoked(Set<PartitionRef> partitions) {
                log("revoked  " + partitions);
            }

            @Override
            public void onLeaseLost() {
                log("lease lost: holding nothing until the service answers again");
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping");
            worker.close();
            log("left the domain");
            stopped.countDown();
        }));
        log("worker " + worker.workerId() + " serving " + options.queues() + " of " + domain + " via "
                + options.baseUris());
        worker.start();
        stopped.await();
    }

    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                parts.add(s.trim());
            }
        }
        return parts;
    }

    private static void log(String message) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
    }
}
