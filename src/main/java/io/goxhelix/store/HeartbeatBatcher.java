package io.goxhelix.store;

import io.goxhelix.GoxConfig;
import io.goxhelix.access.Principal;
import io.goxhelix.coordination.Membership;
import io.goxhelix.coordination.Membership.Member;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit of heartbeats. Heartbeats that arrive while a batch is being written wait and go
 * together in the next one: one transaction, one locking read, one multi-row upsert and one commit
 * for the lot; each caller is answered only after that commit, so a 200 still means durably
 * recorded. Batches start at most once per {@code gox.heartbeat-batch.window}, which bounds the
 * commits per second whatever the heartbeat rate, and a quiet service answers a lone heartbeat at once.
 *
 * <p>Whether the sender may heartbeat the worker id at all (it belongs to the principal that
 * registered it) is decided on the rows that locking read returns, so object-level authorization
 * adds no statement to a heartbeat.
 */
@ApplicationScoped
public class HeartbeatBatcher {

    private record Request(
            String domain,
            String workerId,
            String queues,
            String profile,
            long acked,
            Principal caller,
            Reported reported,
            UniEmitter<? super Long> answer) {}

    /**
     * What a heartbeat reports that is stored as sent and never signals a round: the application
     * version (null for none) and the loads ({@link LoadColumn}; null keeps the last report).
     */
    public record Reported(String appVersion, String loads) {}

    private record Key(String domain, String workerId) {}

    private final Pool pool;
    private final Vertx vertx;
    private final long windowNanos;
    private final int maxBatch;
    private final int maxWorkers;
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
    /**
     * Two batches may be in the database at once: the next one starts a window after the previous
     * one instead of after its commit. Rows of one worker in both are serialised by its row lock.
     */
    private static final int MAX_IN_FLIGHT = 2;

    private final AtomicBoolean starting = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastStart;

    HeartbeatBatcher(Pool pool, Vertx vertx, GoxConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.windowNanos = config.heartbeatBatch().window().toNanos();
        this.maxBatch = config.heartbeatBatch().maxSize();
        this.maxWorkers = config.limits().maxWorkersPerDomain();
    }

    /**
     * Records one heartbeat; completes with the worker's assignment version once committed, or fails
     * with {@link ForeignWorkerException} when the worker id belongs to another principal, or with
     * {@link DomainLimitException} (nothing recorded) when it is new and its domain already has {@code
     * gox.limits.max-workers-per-domain} workers (rows: live, or departed and not forgotten yet).
     *
     * @param profile the worker's announced capacity ({@link ProfileColumn}), null for the default
     * @param caller the sender, null when authentication is off
     */
    public Uni<Long> submit(
            String domain,
            String workerId,
            String queues,
            String profile,
            long acked,
            Principal caller,
            Reported reported) {
        return Uni.createFrom().emitter(answer -> {
            waiting.add(new Request(domain, workerId, queues, profile, acked, caller, reported, answer));
            drain();
        });
    }

    private void drain() {
        if (waiting.isEmpty() || inFlight.get() >= MAX_IN_FLIGHT || !starting.compareAndSet(false, true)) {
            return;
        }
        long wait = lastStart + windowNanos - System.nanoTime();
        if (wait > 0) {
            vertx.setTimer(Math.max(1, wait / 1_000_000), id -> start());
        } else {
            start();
        }
    }

    /** Runs with {@code starting} held: takes the waiting heartbeats as one batch and writes it. */
    private void start() {
        List<Request> batch = new ArrayList<>();
        if (inFlight.get() < MAX_IN_FLIGHT) {
            Request r;
            while (batch.size() < maxBatch && (r = waiting.poll()) != null) {
                batch.add(r);
            }
        }
        if (!batch.isEmpty()) {
            inFlight.incrementAndGet();
            lastStart = System.nanoTime();
        }
        starting.set(false);
        if (batch.isEmpty()) {
            drain();
            return;
        }
        Map<Request, Membership.Beat> outcomes = new HashMap<>();
        Retry.onLockConflict(() -> pool.withTransaction(tx -> record(tx, batch, outcomes, maxWorkers)))
                .subscribe()
                .with(
                        ignored -> {
                            finish();
                            for (Request req : batch) {
                                answer(req, outcomes.get(req));
                            }
                        },
                        failure -> {
                            finish();
                            batch.forEach(req -> req.answer().fail(failure));
                        });
        // The next batch may start one window after this one, while this one is still committing.
        drain();
    }

    private void finish() {
        inFlight.decrementAndGet();
        drain();
    }

    private void answer(Request req, Membership.Beat beat) {
        if (beat == null) {
            req.answer()
                    .fail(new DomainLimitException("domain " + req.domain() + " has " + maxWorkers
                            + " workers, the most allowed (gox.limits.max-workers-per-domain)"));
        } else if (beat instanceof Membership.Recorded recorded) {
            req.answer().complete(recorded.member().version());
        } else if (beat instanceof Membership.AckAhead ahead) {
            req.answer().fail(new AckedVersionAheadException(ahead.acked(), ahead.current()));
        } else if (beat instanceof Membership.Forbidden) {
            req.answer().fail(new ForeignWorkerException(req.workerId()));
        }
    }

    /** An outcome left out of {@code outcomes} (null) is a new worker refused by the domain's limit. */
    private static Uni<Void> record(
            SqlConnection tx, List<Request> batch, Map<Request, Membership.Beat> outcomes, int maxWorkers) {
        outcomes.clear();
        return lockMembers(tx, batch)
                .flatMap(members -> countWhereNew(tx, batch, members).flatMap(counts -> {
                    Map<Key, Member> changed = new LinkedHashMap<>();
                    Map<Key, Reported> reports = new HashMap<>();
                    List<Change> changes = new ArrayList<>();
                    for (Request req : batch) {
                        Key key = new Key(req.domain(), req.workerId());
                        boolean isNew = !members.containsKey(key);
                        if (isNew && counts.getOrDefault(req.domain(), 0L) >= maxWorkers) {
                            continue;
                        }
                        if (isNew) {
                            counts.merge(req.domain(), 1L, Long::sum);
                        }
                        Membership.Beat beat = Membership.heartbeat(
                                members.get(key), req.queues(), req.profile(), req.acked(), req.caller());
                        outcomes.put(req, beat);
                        if (beat instanceof Membership.Recorded recorded) {
                            members.put(key, recorded.member());
                            changed.put(key, recorded.member());
                            reports.put(key, req.reported());
                            signal(req, recorded, changes);
                        }
                    }
                    if (changed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return upsert(tx, changed, reports).flatMap(ignored -> ChangeFeed.append(tx, changes));
                }));
    }

    private static void signal(Request req, Membership.Recorded recorded, List<Change> changes) {
        if (recorded.signal()) {
            long version = recorded.versionChanged() ? recorded.member().version() : 0;
            changes.add(Change.signal(req.domain(), req.workerId(), version));
        }
    }

    /**
     * The number of workers of each domain in which the batch registers a new worker id (one count,
     * only then: a heartbeat of a known worker costs nothing more).
     */
    private static Uni<Map<String, Long>> countWhereNew(
            SqlConnection tx, List<Request> batch, Map<Key, Member> members) {
        List<String> domains = batch.stream()
                .filter(r -> !members.containsKey(new Key(r.domain(), r.workerId())))
                .map(Request::domain)
                .distinct()
                .toList();
        if (domains.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        StringBuilder sql = new StringBuilder("SELECT domain, COUNT(*) FROM workers WHERE domain IN (");
        Tuple params = Tuple.tuple();
        for (int i = 0; i < domains.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            params.addString(domains.get(i));
        }
        sql.append(") GROUP BY domain");
        return tx.preparedQuery(sql.toString()).execute(params).map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            domains.forEach(d -> counts.put(d, 0L));
            for (Row row : rows) {
                counts.put(row.getString(0), row.getLong(1));
            }
            return counts;
        });
    }

    /** Reads and locks the batch's workers, in primary-key order: the order the coordinator locks them in. */
    private static Uni<Map<Key, Member>> lockMembers(SqlConnection tx, List<Request> batch) {
        List<Key> keys = batch.stream()
                .map(q -> new Key(q.domain(), q.workerId()))
                .distinct()
                .sorted(Comparator.comparing(Key::domain).thenComparing(Key::workerId))
                .toList();
        StringBuilder select = new StringBuilder(
                "SELECT domain, worker_id, live, version, acked_version, queues, registered_by, profile"
                        + " FROM workers"
                        + " WHERE (domain, worker_id) IN (");
        Tuple params = Tuple.tuple();
        for (int i = 0; i < keys.size(); i++) {
            select.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            params.addString(keys.get(i).domain()).addString(keys.get(i).workerId());
        }
        select.append(") ORDER BY domain, worker_id FOR UPDATE");
        return tx.preparedQuery(select.toString()).execute(params).map(rows -> {
            Map<Key, Member> members = new LinkedHashMap<>();
            for (Row row : rows) {
                members.put(
                        new Key(row.getString(0), row.getString(1)),
                        new Member(
                                row.getBoolean(2),
                                row.getLong(3),
                                row.getLong(4),
                                row.getString(5),
                                row.getString(6),
                                row.getString(7)));
            }
            return members;
        });
    }

    /**
     * A fresh registration (the stored row not live) also ends the worker's drain: assignments in ON
     * DUPLICATE KEY UPDATE apply left to right, so the drain columns read {@code live} before it is set.
     */
    private static Uni<Void> upsert(SqlConnection tx, Map<Key, Member> members, Map<Key, Reported> reports) {
        StringBuilder sql = new StringBuilder("INSERT INTO workers (domain, worker_id, queues, live, version,"
                + " acked_version, registered_by, profile, app_version, loads, last_heartbeat) VALUES ");
        Tuple params = Tuple.tuple();
        int i = 0;
        for (Map.Entry<Key, Member> e : members.entrySet()) {
            sql.append(i++ == 0 ? "(" : ", (").append("?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))");
            Member m = e.getValue();
            params.addString(e.getKey().domain())
                    .addString(e.getKey().workerId())
                    .addString(m.queues())
                    .addBoolean(m.live())
                    .addLong(m.version())
                    .addLong(m.ackedVersion())
                    .addString(m.registeredBy())
                    .addString(m.profile())
                    .addString(reports.get(e.getKey()).appVersion())
                    .addString(reports.get(e.getKey()).loads());
        }
        sql.append(" ON DUPLICATE KEY UPDATE drain = IF(live, drain, NULL), drain_since = IF(live, drain_since, NULL),"
                + " loads = IF(live, COALESCE(VALUES(loads), loads), VALUES(loads)), app_version = VALUES(app_version),"
                + " queues = VALUES(queues), live = VALUES(live), version = VALUES(version),"
                + " acked_version = VALUES(acked_version), registered_by = VALUES(registered_by),"
                + " profile = VALUES(profile), last_heartbeat = VALUES(last_heartbeat)");
        return tx.preparedQuery(sql.toString()).execute(params).replaceWithVoid();
    }
}
