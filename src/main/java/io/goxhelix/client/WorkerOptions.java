package io.goxhelix.client;

import io.goxhelix.names.Name;
import io.goxhelix.names.WorkerId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a {@link GoxWorker} reaches the service and whom it stands for. Immutable; made with {@link
 * #builder()}, validated by {@link Builder#build()}.
 *
 * <pre>{@code
 * WorkerOptions options = WorkerOptions.builder()
 *         .baseUri("http://gox-1:8080")
 *         .baseUri("http://gox-2:8080")      // tried in turn when one fails
 *         .domain("domain_order")
 *         .queues("food_order")
 *         .tokenSupplier(() -> readSecret())  // asked for every request: rotate by changing it
 *         .build();
 * }</pre>
 */
public final class WorkerOptions {

    /** The rule for domain and queue names, as the service checks it: {@link Name#PATTERN}. */
    public static final String NAME_PATTERN = Name.PATTERN;

    /** At most this many queues per worker, as the service checks it. */
    public static final int MAX_QUEUES = 100;

    private static final Duration MIN_DEFAULT_MARGIN = Duration.ofSeconds(1);

    private final List<URI> baseUris;
    private final String domain;
    private final List<String> queues;
    private final String workerId;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration safetyMargin;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final Duration streamIdleTimeout;
    private final LongSupplier nanoTime;
    private final WorkerCapacity capacity;
    private final Duration drainTimeout;
    private final String appVersion;
    private final Supplier<String> token;
    private final SSLContext sslContext;
    private final LoadReporter loadReporter;

    private WorkerOptions(Builder b) {
        this.baseUris = List.copyOf(b.baseUris);
        this.domain = b.domain;
        this.queues = List.copyOf(new LinkedHashSet<>(b.queues));
        this.workerId = (b.workerId == null ? WorkerId.random() : WorkerId.parse(b.workerId)).value();
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.safetyMargin = b.safetyMargin;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.streamIdleTimeout = b.streamIdleTimeout;
        this.nanoTime = b.nanoTime;
        this.capacity = b.capacity;
        this.drainTimeout = b.drainTimeout;
        this.appVersion = b.appVersion;
        this.token = b.token;
        this.sslContext = b.sslContext;
        this.loadReporter = b.loadReporter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The instances of the service, tried in this order and in turn when one fails. Never empty. */
    public List<URI> baseUris() {
        return baseUris;
    }

    public String domain() {
        return domain;
    }

    /** The queues served, without duplicates, in the order given. */
    public List<String> queues() {
        return queues;
    }

    /** The worker id, a UUID in lower case. */
    public String workerId() {
        return workerId;
    }

    /** Time allowed to open a TCP connection. Default 2 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for an answer (for the stream: its headers). Default 5 s. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The self-fencing margin if one was set; empty for the default (see {@link #safetyMarginFor}). */
    public Optional<Duration> safetyMargin() {
        return Optional.ofNullable(safetyMargin);
    }

    /**
     * How long before the end of a lease of {@code leaseTimeout} (counted from the sending of the last
     * answered heartbeat) the worker stops holding its partitions. The value set, or by default the
     * larger of 1 s and 10 % of the lease, but never more than half of it (so that a short lease still
     * leaves time to work).
     */
    public Duration safetyMarginFor(Duration leaseTimeout) {
        if (safetyMargin != null) {
            return safetyMargin;
        }
        Duration margin = max(MIN_DEFAULT_MARGIN, leaseTimeout.dividedBy(10));
        Duration half = leaseTimeout.dividedBy(2);
        return margin.compareTo(half) > 0 ? half : margin;
    }

    /** First delay before reconnecting the stream or retrying a request. Default 200 ms. */
    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    /** Largest delay between reconnection attempts; delays double up to it, with jitter. Default 5 s. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /**
     * An open stream that carries nothing, not even a keep-alive comment, for this long is taken for
     * dead and reconnected. Default 45 s (three of the service's default keep-alive intervals).
     */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** What every heartbeat announces of the worker's capacity. */
    public WorkerCapacity capacity() {
        return capacity;
    }

    /** What reports the held partitions' loads in every heartbeat; empty when none is set. */
    public Optional<LoadReporter> loadReporter() {
        return Optional.ofNullable(loadReporter);
    }

    /**
     * The monotonic clock (in nanoseconds, like {@link System#nanoTime()}) on which leases are measured.
     * Only lease arithmetic uses it; timers and network timeouts run on real time.
     */
    public LongSupplier nanoTime() {
        return nanoTime;
    }

    /**
     * How long {@link GoxWorker#close()} lets the service hand this worker's partitions to others
     * (a drain: each partition revoked, acknowledged, granted elsewhere) before it leaves. Default 30 s;
     * {@link Duration#ZERO} makes close() a plain leave.
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** The application version announced in heartbeats, empty if none (see the service's rollouts). */
    public Optional<String> appVersion() {
        return Optional.ofNullable(appVersion);
    }

    /**
     * Where the bearer token comes from, asked once per request (the event stream's included), so that a
     * rotated secret is picked up without restarting the worker; empty when requests carry none (a
     * service with authentication off).
     */
    public Optional<Supplier<String>> token() {
        return Optional.ofNullable(token);
    }

    /** The TLS context for {@code https} instances; empty for the JDK's default. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    // Never shows the token.
    @Override
    public String toString() {
        return "WorkerOptions{baseUris=" + baseUris + ", domain=" + domain + ", queues=" + queues + ", workerId="
                + workerId + "}";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Collects and validates options; {@link #build()} throws {@link IllegalArgumentException} on a bad one. */
    public static final class Builder {

        private final List<URI> baseUris = new ArrayList<>();
        private String domain;
        private final List<String> queues = new ArrayList<>();
        private String workerId;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration safetyMargin;
        private Duration reconnectInitialDelay = Duration.ofMillis(200);
        private Duration reconnectMaxDelay = Duration.ofSeconds(5);
        private Duration streamIdleTimeout = Duration.ofSeconds(45);
        private LongSupplier nanoTime = System::nanoTime;
        private WorkerCapacity capacity = WorkerCapacity.DEFAULT;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private String appVersion;
        private Supplier<String> token;
        private SSLContext sslContext;
        private LoadReporter loadReporter;

        private Builder() {}

        /** Adds an instance of the service, e.g. {@code http://localhost:8080}. */
        public Builder baseUri(String uri) {
            Objects.requireNonNull(uri, "baseUri");
            try {
                return baseUri(URI.create(uri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUri '" + uri + "' is not a URI: " + e.getMessage(), e);
            }
        }

        /** Adds an instance of the service. */
        public Builder baseUri(URI uri) {
            baseUris.add(Objects.requireNonNull(uri, "baseUri"));
            return this;
        }

        /** Replaces the instances of the service with these, tried in this order. */
        public Builder baseUris(List<URI> uris) {
            Objects.requireNonNull(uris, "baseUris");
            baseUris.clear();
            uris.forEach(this::baseUri);
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Replaces the queues served. */
        public Builder queues(String... queues) {
            return queues(List.of(Objects.requireNonNull(queues, "queues")));
        }

        /** Replaces the queues served. */
        public Builder queues(Collection<String> queues) {
            Objects.requireNonNull(queues, "queues");
            this.queues.clear();
            this.queues.addAll(queues);
            return this;
        }

        /** A UUID (any case; kept in lower case). Default: a random one. */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        /**
         * The worker id derived from a name that survives a restart, such as a pod or host name: the
         * same name always gives the same id (a name-based UUID), so a process restarted with {@link
         * GoxWorker#closeForRestart()} returns under its id and gets its partitions back.
         */
        public Builder stableWorkerId(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("stableWorkerId: a non-blank name is required");
            }
            this.workerId = OptionChecks.stableWorkerId(name);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** See {@link WorkerOptions#safetyMarginFor}. */
        public Builder safetyMargin(Duration margin) {
            this.safetyMargin = Objects.requireNonNull(margin, "safetyMargin");
            return this;
        }

        public Builder reconnectBackoff(Duration initialDelay, Duration maxDelay) {
            this.reconnectInitialDelay = initialDelay;
            this.reconnectMaxDelay = maxDelay;
            return this;
        }

        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = timeout;
            return this;
        }

        /**
         * The weight, capacity bound and labels announced in every heartbeat. Default {@link
         * WorkerCapacity#DEFAULT} (weight 1, unbounded, no labels).
         */
        public Builder capacity(WorkerCapacity capacity) {
            this.capacity = Objects.requireNonNull(capacity, "capacity");
            return this;
        }

        /** See {@link LoadReporter}: the held partitions' loads, for a domain balanced by load. */
        public Builder loadReporter(LoadReporter reporter) {
            this.loadReporter = Objects.requireNonNull(reporter, "loadReporter");
            return this;
        }

        /** The monotonic clock leases are measured on; for tests. Default {@link System#nanoTime()}. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** See {@link WorkerOptions#drainTimeout()}; zero for a plain leave on close. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
            return this;
        }

        /**
         * The application version this process runs (1 to 64 of letters, digits and {@code . _ + -},
         * e.g. {@code 2.4.1}): while workers of a domain announce different versions, the service moves
         * partitions that must move to the newest one, and nothing for balance.
         */
        public Builder appVersion(String version) {
            this.appVersion = version;
            return this;
        }

        /**
         * The secret of a worker token ({@code POST /api/v1/tokens}, role {@code worker}), sent as {@code
         * Authorization: Bearer} with every request. Replaces a {@link #tokenSupplier}.
         */
        public Builder token(String token) {
            OptionChecks.token(token);
            return tokenSupplier(() -> token);
        }

        /**
         * Asked for the token before every request (heartbeats, snapshot reads, the event stream and its
         * reconnections, leave): return the current secret, so that rotating it needs no restart. Called
         * on the worker's own threads; keep it quick (read a cached value, not a file per call). An
         * answer that is null or blank sends no token, and the service refuses the request.
         */
        public Builder tokenSupplier(Supplier<String> supplier) {
            this.token = Objects.requireNonNull(supplier, "tokenSupplier");
            return this;
        }

        /** The TLS context used for {@code https} instances (trust store, client certificate). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * The options, once each is checked; the first one that is not valid is named in the {@link
         * IllegalArgumentException}.
         */
        public WorkerOptions build() {
            OptionChecks.baseUris(baseUris);
            OptionChecks.names(domain, queues, MAX_QUEUES);
            OptionChecks.workerId(workerId);
            OptionChecks.positive("connectTimeout", connectTimeout);
            OptionChecks.positive("requestTimeout", requestTimeout);
            OptionChecks.positiveIfSet("safetyMargin", safetyMargin);
            OptionChecks.backoff(reconnectInitialDelay, reconnectMaxDelay);
            OptionChecks.positive("streamIdleTimeout", streamIdleTimeout);
            OptionChecks.drainTimeout(drainTimeout);
            OptionChecks.appVersion(appVersion);
            return new WorkerOptions(this);
        }
    }
}
