package io.goxhelix.client.fencing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The partition's checkpoint inside one fenced transaction: {@link #value()} is what the last
 * committed fenced transaction of the partition left, whoever owned it then, and {@link #set} writes
 * the new value in this transaction, so it commits with the work it stands for or not at all. Valid
 * only while the transaction runs.
 */
public final class Checkpoint {

    /** Longest value, in characters (Unicode code points). */
    public static final int MAX_LENGTH = 1024;

    private final Connection connection;
    private final FencingStatements sql;
    private final Partition partition;
    private final long epoch;
    private Optional<String> value;
    private boolean read;

    Checkpoint(Connection connection, FencingStatements sql, Partition partition, long epoch) {
        this.connection = connection;
        this.sql = sql;
        this.partition = partition;
        this.epoch = epoch;
    }

    /**
     * The value as committed, locked until this transaction ends (concurrent fenced transactions of
     * the partition take turns); empty if none was ever set.
     */
    public Optional<String> value() throws SQLException {
        if (!read) {
            value = read(connection, sql.checkpointForUpdate(), partition);
            read = true;
        }
        return value;
    }

    /** Sets the checkpoint, in this transaction, with this grant's epoch. */
    public void set(String newValue) throws SQLException {
        Objects.requireNonNull(newValue, "newValue");
        if (newValue.codePointCount(0, newValue.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a checkpoint holds at most " + MAX_LENGTH + " characters");
        }
        try (PreparedStatement s = connection.prepareStatement(sql.writeCheckpoint())) {
            partition.bind(s);
            s.setString(4, newValue);
            s.setLong(5, epoch);
            s.setString(6, partition.workerId());
            s.executeUpdate();
        }
        value = Optional.of(newValue);
        read = true;
    }

    static Optional<String> read(Connection c, String statement, Partition partition) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(statement)) {
            partition.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
