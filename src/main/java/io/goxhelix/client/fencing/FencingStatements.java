package io.goxhelix.client.fencing;

import java.util.regex.Pattern;

/**
 * The kit's SQL, against gox-helix's tables (V1 {@code partitions} and {@code workers}, V4 {@code
 * checkpoints}), optionally qualified by the schema that holds them. Valid on MySQL 8 and MariaDB
 * 10.6+: {@code LOCK IN SHARE MODE} is understood by both.
 */
final class FencingStatements {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private final String prefix;

    private FencingStatements(String prefix) {
        this.prefix = prefix;
    }

    /** Tables of the connection's current database. */
    static FencingStatements unqualified() {
        return new FencingStatements("");
    }

    /** Tables of {@code schema}, which must be a plain identifier (it is inlined, quoted). */
    static FencingStatements in(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA.pattern() + ", was '" + schema + "'");
        }
        return new FencingStatements("`" + schema + "`.");
    }

    /**
     * The partition's row, share-locked: the coordinator's regrant writes this row, so it waits for
     * the transaction to end, and the transaction sees the latest committed grant.
     */
    String partitionShareLocked() {
        return "SELECT owner, state, epoch FROM " + prefix + "partitions"
                + " WHERE domain = ? AND queue = ? AND partition_no = ? LOCK IN SHARE MODE";
    }

    /**
     * The worker's lease by the database clock, as the coordinator judges it (parameter 1: the lease
     * in microseconds). Not locked: heartbeats, which write this row in batches, must not wait for
     * application transactions; the partition's lock alone keeps the grant from moving.
     */
    String lease() {
        return "SELECT live, last_heartbeat >= UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND FROM " + prefix
                + "workers WHERE domain = ? AND worker_id = ?";
    }

    String checkpointForUpdate() {
        return "SELECT checkpoint FROM " + prefix + "checkpoints"
                + " WHERE domain = ? AND queue = ? AND partition_no = ? FOR UPDATE";
    }

    String checkpoint() {
        return "SELECT checkpoint FROM " + prefix + "checkpoints WHERE domain = ? AND queue = ? AND partition_no = ?";
    }

    String writeCheckpoint() {
        return "INSERT INTO " + prefix + "checkpoints"
                + " (domain, queue, partition_no, checkpoint, epoch, worker_id, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE"
                + " checkpoint = VALUES(checkpoint), epoch = VALUES(epoch), worker_id = VALUES(worker_id),"
                + " updated_at = VALUES(updated_at)";
    }
}
