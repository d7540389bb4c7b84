package io.goxhelix.example.fenced;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.fencing.Checkpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The application's work: each partition is a stream of items numbered 0, 1, 2, ...; applying item n
 * inserts its row into {@code fenced_items}, and the checkpoint is the number of the next item. Both in
 * one fenced transaction, so an item is applied once and none is skipped, whoever owns the partition.
 */
final class NumberedItems {

    static final String TABLE = "CREATE TABLE IF NOT EXISTS fenced_items ("
            + " queue VARCHAR(64) NOT NULL, partition_no INT NOT NULL, item BIGINT NOT NULL,"
            + " epoch BIGINT NOT NULL, worker_id CHAR(36) NOT NULL,"
            + " PRIMARY KEY (queue, partition_no, item)) ENGINE = InnoDB";

    private NumberedItems() {}

    /** The item to apply next, from the checkpoint: 0 before the first. */
    static long next(Optional<String> checkpoint) {
        long next = checkpoint.map(Long::parseLong).orElse(0L);
        if (next < 0) {
            throw new IllegalStateException("a checkpoint is never negative, was " + next);
        }
        return next;
    }

    /** Applies the next item of {@code p} and moves the checkpoint past it; returns the item. */
    static long applyNext(Connection c, Checkpoint checkpoint, AssignedPartition p, String workerId)
            throws SQLException {
        long item = next(checkpoint.value());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO fenced_items VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, p.queue());
            s.setInt(2, p.partition());
            s.setLong(3, item);
            s.setLong(4, p.epoch());
            s.setString(5, workerId);
            s.executeUpdate();
        }
        checkpoint.set(Long.toString(item + 1));
        return item;
    }
}
