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
 * {@code GOX_TOKEN} is the worker token sent with every request (needed unless the service runs with
 * authentication off).
 */
public final class LoggingWorker {

    private LoggingWorker() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerOptions options = options(args);
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
        log("worker " + worker.workerId() + " serving " + options.queues() + " of " + options.domain() + " via "
                + options.baseUris());
        worker.start();
        stopped.await();
    }

    /** The options the arguments or the environment give; exits with status 2 if they are not valid. */
    private static WorkerOptions options(String[] args) {
        WorkerOptions.Builder builder = WorkerOptions.builder();
        if (args.length >= 3) {
            split(args[0]).forEach(builder::baseUri);
            builder.domain(args[1]).queues(Arrays.copyOfRange(args, 2, args.length));
        } else if (args.length == 0 && System.getenv("GOX_URL") != null) {
            split(System.getenv("GOX_URL")).forEach(builder::baseUri);
            builder.domain(System.getenv("GOX_DOMAIN"))
                    .queues(split(System.getenv().getOrDefault("GOX_QUEUES", "")));
        } else {
            return exit(
                    "usage: LoggingWorker BASE_URL[,BASE_URL...] DOMAIN QUEUE...",
                    "   or: GOX_URL=... GOX_DOMAIN=... GOX_QUEUES=q1,q2 LoggingWorker");
        }
        String id = System.getenv("GOX_WORKER_ID");
        if (id != null && !id.isBlank()) {
            builder.workerId(id);
        }
        String token = System.getenv("GOX_TOKEN");
        if (token != null && !token.isBlank()) {
            builder.token(token.strip());
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            return exit(e.getMessage());
        }
    }

    /** Prints {@code lines} and ends the JVM with status 2. */
    private static WorkerOptions exit(String... lines) {
        for (String line : lines) {
            System.err.println(line);
        }
        System.exit(2);
        throw new AssertionError("System.exit returned");
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
