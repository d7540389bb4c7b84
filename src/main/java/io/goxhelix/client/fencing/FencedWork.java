package io.goxhelix.client.fencing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The application's work in a fenced transaction. It runs after the ownership check, on {@code
 * connection}, whose transaction the kit commits when it returns and rolls back when it throws; it must
 * neither commit nor roll back itself, nor change the connection's auto-commit mode.
 *
 * @param <T> what the work returns, handed back by {@link FencedTransactions#run}
 */
@FunctionalInterface
public interface FencedWork<T> {

    T apply(Connection connection, Checkpoint checkpoint) throws SQLException;
}
