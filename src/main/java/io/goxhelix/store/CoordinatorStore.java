package io.goxhelix.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the coordinator reads outside its rounds, on the pool: the acting term, the domains to visit,
 * the leases that ran out, and the departed workers to forget. The election's statements are on
 * {@link LockSession}, the round's on {@link RoundStore}.
 */
@ApplicationScoped
public class CoordinatorStore {

    private final Pool pool;

    CoordinatorStore(Pool pool) {
        this.pool = pool;
    }

    /** The acting coordinator: the latest term, if its election lock is held by anyone. */
    public Uni<Optional<Term>> current(String termName, String lockName) {
        return pool.preparedQuery("SELECT term, holder, since, IS_USED_LOCK(?) IS NOT NULL FROM coordinator_term"
                        + " WHERE name = ?")
                .execute(Tuple.of(lockName, termName))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.<Term>empty();
                    }
                    Row r = rs.iterator().next();
                    return r.getBoolean(3) ? Optional.of(LockSession.toTerm(r)) : Optional.<Term>empty();
                });
    }

    /**
     * Deletes the rows of workers that left or expired longer ago than {@code retention}, at most
     * 1000 per call (the periodic round calls it again). Such a worker owns nothing: the round that
     * ended its entitlement freed its partitions.
     */
    public Uni<Integer> forgetDeparted(Duration retention) {
        return pool.preparedQuery("DELETE FROM workers WHERE live = FALSE"
                        + " AND last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? SECOND LIMIT 1000")
                .execute(Tuple.of(retention.toSeconds()))
                .map(rs -> rs.rowCount());
    }

    /** Every domain with workers, queues or owned partitions. */
    public Uni<List<String>> domains() {
        return pool.query("SELECT domain FROM workers WHERE live UNION SELECT domain FROM queues"
                        + " UNION SELECT domain FROM partitions WHERE owner IS NOT NULL")
                .execute()
                .map(rs -> {
                    List<String> domains = new ArrayList<>(rs.size());
                    rs.forEach(r -> domains.add(r.getString(0)));
                    return domains;
                });
    }

    /**
     * Domains with a live worker whose lease is over by the database clock, or with a worker whose
     * restart grace ended lately (its held partitions are to be freed), or whose freeze ended lately. "Lately" is three rebalance
     * intervals: the periodic round of every domain frees whatever an outage made this miss.
     */
    public Uni<List<String>> domainsWithExpiredLeases(Duration lease, Duration lookback) {
        return pool.preparedQuery("SELECT DISTINCT domain FROM workers"
                        + " WHERE live AND last_heartbeat < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " UNION SELECT DISTINCT domain FROM workers WHERE NOT live"
                        + " AND restart_until <= UTC_TIMESTAMP(3) AND restart_until > UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND"
                        + " AND EXISTS (SELECT 1 FROM partitions p WHERE p.domain = workers.domain"
                        + " AND p.owner = workers.worker_id AND p.state = 'HELD')"
                        // A freeze that ended lately: balance resumes.
                        + " UNION SELECT domain FROM domain_freezes WHERE frozen_until <= UTC_TIMESTAMP(3)"
                        + " AND frozen_until > UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND")
                .execute(Tuple.of(RoundStore.micros(lease), RoundStore.micros(lookback), RoundStore.micros(lookback)))
                .map(rs -> {
                    List<String> domains = new ArrayList<>(rs.size());
                    rs.forEach(r -> domains.add(r.getString(0)));
                    return domains;
                });
    }
}
