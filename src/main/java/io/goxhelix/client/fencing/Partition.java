package io.goxhelix.client.fencing;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The partition a fenced transaction is about, and the worker that claims it. */
record Partition(String domain, String queue, int partition, String workerId) {

    /** Binds domain, queue and partition number to parameters 1 to 3. */
    void bind(PreparedStatement s) throws SQLException {
        s.setString(1, domain);
        s.setString(2, queue);
        s.setInt(3, partition);
    }

    @Override
    public String toString() {
        return domain + ":" + queue + "/" + partition;
    }
}
