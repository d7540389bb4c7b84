package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one principal may use of this instance (OWASP API4): a number of open assignment streams, and
 * a request rate as a token bucket ({@code gox.limits.requests-per-second} refilled continuously, up
 * to {@code gox.limits.request-burst}). Per instance and in memory: a fleet spread over n instances
 * may use n times as much, and a restart forgets the buckets. Principals are known by id; with
 * authentication off there are none, and nothing is limited here.
 */
@ApplicationScoped
public class PrincipalLimits {

    private final int maxStreams;
    private final double perNano;
    private final double burst;
    private final ConcurrentHashMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    PrincipalLimits(GoxConfig config) {
        GoxConfig.Limits limits = config.limits();
        this.maxStreams = limits.maxStreamsPerPrincipal();
        this.perNano = limits.requestsPerSecond() / 1e9;
        this.burst = Math.max(1, limits.requestBurst());
    }

    /** Counts one more open stream of {@code principalId}, unless it has the most allowed: then false. */
    boolean openStream(String principalId) {
        AtomicInteger n = streams.computeIfAbsent(principalId, k -> new AtomicInteger());
        if (n.incrementAndGet() > maxStreams) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One stream counted by {@link #openStream} is over. */
    void streamClosed(String principalId) {
        AtomicInteger n = streams.get(principalId);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    int maxStreams() {
        return maxStreams;
    }

    /**
     * Takes one request from the principal's bucket: 0 when it may go on, else the whole seconds to wait
     * before the bucket holds one again (for {@code Retry-After}, at least 1).
     */
    long takeRequest(String principalId) {
        return buckets.computeIfAbsent(principalId, k -> new Bucket(burst)).take(System.nanoTime(), perNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        private boolean started;

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized long take(long now, double perNano, double burst) {
            if (started) {
                tokens = Math.min(burst, tokens + (now - last) * perNano);
            }
            started = true;
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            if (perNano <= 0) {
                return TimeUnit.HOURS.toSeconds(1);
            }
            double nanos = (1 - tokens) / perNano;
            return Math.max(1, (long) Math.ceil(nanos / 1e9));
        }
    }
}
