package io.goxhelix;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every knob of the service; the README's configuration table lists each with its variable. */
@ConfigMapping(prefix = "gox")
public interface GoxConfig {

    /** Name of this instance in the cluster view; a random UUID per process when unset. */
    Optional<String> instanceId();

    /** A worker whose last heartbeat is older than this, by the database clock, has lost its partitions. */
    @WithDefault("10s")
    Duration leaseTimeout();

    /** How often workers are told to heartbeat; well inside the lease, so one lost beat costs nothing. */
    @WithDefault("3s")
    Duration heartbeatInterval();

    Db db();

    EmbeddedDb embeddedDb();

    HeartbeatBatch heartbeatBatch();

    Bench bench();

    Coordinator coordinator();

    Feed feed();

    Sse sse();

    Ledger ledger();

    Balancing balancing();

    Auth auth();

    /** Load mode, for the domains an operator puts in it ({@code PUT …/balancing}). */
    interface Balancing {
        /**
         * A partition that moved this recently is moved again for balance only when no other partition
         * of the overloaded worker can be: load that shifts back and forth does not drag partitions
         * along.
         */
        @WithDefault("5m")
        Duration cooldown();

        /** At most this many moves for load balance per round of a domain; the rest waits for later rounds. */
        @WithDefault("16")
        int maxMovesPerRound();
    }

    interface Ledger {
        /** Ledger entries older than this (database clock) are pruned by the acting coordinator. */
        @WithDefault("7d")
        Duration retention();

        /**
         * Entries deleted per statement when pruning, and at most ten statements per periodic round:
         * a backlog of old entries is worked off over several rounds, never in one long lock.
         */
        @WithDefault("1000")
        int pruneBatch();

        /**
         * How often an instance with open ledger or console streams reads what is new for them: the
         * delay between a round's commit and its entries on a stream.
         */
        @WithDefault("250ms")
        Duration pollInterval();
    }

    Limits limits();

    /**
     * Bounds on what one domain may hold and one principal may use (OWASP API4: unrestricted resource
     * consumption), so that a careless or hostile client cannot exhaust an instance or the database.
     */
    interface Limits {
        /** Live and departed-but-remembered workers of one domain; a new worker id past it is 422. */
        @WithDefault("20000")
        int maxWorkersPerDomain();

        /** Queues of one domain; creating one more is 422. */
        @WithDefault("1000")
        int maxQueuesPerDomain();

        /** Partitions of all queues of one domain together; a creation or growth past it is 422. */
        @WithDefault("200000")
        int maxPartitionsPerDomain();

        /** Assignment streams one principal may hold open on one instance; one more is 429. */
        @WithDefault("20000")
        int maxStreamsPerPrincipal();

        /** Sustained API v1 requests per second of one principal on one instance; above it, 429. */
        @WithDefault("10000")
        int requestsPerSecond();

        /** Requests one principal may send at once above the sustained rate (the bucket's size). */
        @WithDefault("20000")
        int requestBurst();
    }

    interface Auth {
        /**
         * Every API v1 request must carry a valid bearer token. On by default (deny by default); off,
         * the service says so at every start. Dev mode turns it off (application.properties) so that
         * {@code ./mvnw quarkus:dev} needs no configuration.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The bootstrap operator token: with authentication on, the service refuses to start without
         * it (or {@link #bootstrapTokenFile()}). At least 32 characters: it is checked by a fast hash,
         * which only a high-entropy secret makes safe.
         */
        Optional<String> bootstrapToken();

        /** A file holding the bootstrap token (a mounted secret, say), read once at start. */
        Optional<Path> bootstrapTokenFile();

        /**
         * How often each instance reads the tokens revoked since its last look; bounds how long a
         * revoked token still works on an instance that did not revoke it (the promise: within 1 s).
         */
        @WithDefault("250ms")
        Duration revocationPollInterval();

        /** JWTs from an identity provider, accepted beside the service's own tokens when a key is set. */
        Jwt jwt();
    }

    /**
     * Verification of JWTs (signed, compact form) issued by an organisation's identity provider: off
     * unless {@link #publicKey()}, {@link #publicKeyLocation()} or {@link #jwksUrl()} is set. The
     * principal's role and domains come from two claims.
     */
    interface Jwt {
        /** The issuer's public key, PEM ({@code -----BEGIN PUBLIC KEY-----}), RSA or EC. */
        Optional<String> publicKey();

        /** A file holding that PEM key. */
        Optional<Path> publicKeyLocation();

        /** Where the issuer publishes its keys (JWKS); fetched when a token names an unknown key id. */
        Optional<String> jwksUrl();

        /** The {@code iss} every token must carry; any issuer when unset. */
        Optional<String> issuer();

        /** An {@code aud} every token must include; none required when unset. */
        Optional<String> audience();

        /** The claim holding the role: {@code operator} or {@code worker}. */
        @WithDefault("gox_role")
        String roleClaim();

        /** The claim holding a worker's domains: a list of names (or one string, names separated by spaces). */
        @WithDefault("gox_domains")
        String domainsClaim();

        /** Clock skew allowed on {@code exp} and {@code nbf}. */
        @WithDefault("30s")
        Duration clockSkew();
    }

    interface Coordinator {
        /** Name of the election lock and of the fencing term row; instances sharing it form one cluster. */
        @WithDefault("gox-helix.coordinator")
        String lockName();

        /** Every domain is rebalanced at least this often, whatever the signals say (a safety net). */
        @WithDefault("10s")
        Duration rebalanceInterval();

        /** Standbys try the lock, and the holder checks it still holds it, this often. */
        @WithDefault("500ms")
        Duration electionInterval();

        /**
         * The server drops the coordinator's session after this much silence, releasing the lock; so a
         * frozen or cut-off holder is replaced within seconds (MySQL's own default is 8 hours).
         */
        @WithDefault("4s")
        Duration sessionTimeout();

        /** A lock check that takes longer than this means the session is gone: step down. */
        @WithDefault("2s")
        Duration checkTimeout();

        /**
         * A round's statement that waits longer than this for a row lock fails, and the round runs
         * again a lease check later (the coordinator stays in office). What it waits for is mostly an
         * application's fenced transaction (doc/fencing.md), which share-locks its partition's row:
         * this bounds how long one such transaction delays a round of its domain. Whole seconds, at
         * least 1 (InnoDB's unit).
         */
        @WithDefault("3s")
        Duration lockWaitTimeout();

        /** How often the coordinator looks for leases that ran out. */
        @WithDefault("250ms")
        Duration expiryCheckInterval();

        /**
         * A worker that left or expired is forgotten after this long without a heartbeat, so that the
         * table does not grow with every worker id ever seen. One that returns later starts over at
         * version 0 (its client sees the version go back and re-registers, as after a restore).
         */
        @WithDefault("7d")
        Duration departedWorkerRetention();

        /**
         * How long the partitions of a worker that left to restart ({@code DELETE ...?restart=true})
         * are kept for it, unowned: long enough for a process to restart (Kafka's static members get a
         * session timeout of 45 s), short enough that a worker that does not return costs little. 0
         * makes a restart a plain leave.
         */
        @WithDefault("30s")
        Duration restartGrace();

        /**
         * Workers of one domain that hand their partitions off at once; the other drains asked for
         * wait, DRAIN_QUEUED. One keeps a rolling restart to one handoff at a time, as a rolling
         * update with maxUnavailable 1 does; raise it for large fleets that restart in waves. At
         * least 1 ({@link ConfigChecks} refuses to start below: no drain would ever start).
         */
        @WithDefault("1")
        int maxConcurrentDrains();

        /**
         * The longest freeze an operator may ask for ({@code PUT .../freeze}): a freeze forgotten by
         * a failed deploy script must end by itself.
         */
        @WithDefault("1h")
        Duration maxFreeze();

        /**
         * A domain that owns no partition yet gets its first assignment once no worker has joined it
         * for this long (at most ten times this after the first came), so that workers starting
         * together get their partitions in one round rather than in waves of moves. 0 turns it off.
         * Short, because it delays the first grant of a fresh domain (S7: within a second of a join).
         */
        @WithDefault("250ms")
        Duration initialDelay();
    }

    interface HeartbeatBatch {
        /**
         * Heartbeats are committed together, at most one batch per window: this caps the database's
         * commits at 1/window per instance whatever the heartbeat rate, for at most that much latency.
         */
        @WithDefault("5ms")
        Duration window();

        /** Heartbeats per batch at most (one multi-row statement). */
        @WithDefault("1000")
        int maxSize();
    }

    interface Bench {
        /** Serves the no-database baseline endpoint that the heartbeat benchmark compares against. */
        @WithDefault("false")
        boolean enabled();
    }

    interface Feed {
        /** How often each instance reads new changes: bounds the delay of pushes and of rounds. */
        @WithDefault("100ms")
        Duration pollInterval();

        /** Changes older than this are pruned; far longer than any reader lags. */
        @WithDefault("10m")
        Duration retention();
    }

    interface Sse {
        /** A comment line is sent at least this often on every assignment stream. */
        @WithDefault("15s")
        Duration keepAlive();
    }

    interface Db {
        /** {@code mysql://host:port/database}; when unset the embedded evaluation database is used. */
        Optional<String> url();

        @WithDefault("root")
        String user();

        Optional<String> password();

        /** Pool of the reactive client shared by the API and the change feed. */
        @WithDefault("16")
        int poolSize();
    }

    interface EmbeddedDb {
        /** Not 3306, so that the evaluation database never collides with a real server on the host. */
        @WithDefault("3307")
        int port();

        /** Binaries, data and temporary files; data survives restarts of the service. */
        @WithDefault("data/embedded-db")
        Path dir();
    }
}
