package io.goxhelix.testing;

import io.goxhelix.store.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The database the tests run against: an embedded MariaDB on a free port with a fresh data directory,
 * or, when {@code GOX_TEST_DB_URL} names one ({@code mysql://host:port/any}), a fresh database on
 * that external MySQL or MariaDB server.
 */
public final class TestDatabase implements AutoCloseable {

    private final String host;
    private final int port;
    private final String name;
    private final String user;
    private final String password;
    private final Path dir;
    private EmbeddedMariaDb embedded;

    private TestDatabase(String host, int port, String name, String user, String password, Path dir) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.user = user;
        this.password = password;
        this.dir = dir;
    }

    public static TestDatabase start() {
        String name =
                "gox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Optional<String> external =
                Optional.ofNullable(System.getenv("GOX_TEST_DB_URL")).filter(s -> !s.isBlank());
        if (external.isPresent()) {
            URI uri = URI.create(external.get());
            TestDatabase db = new TestDatabase(
                    uri.getHost(),
                    uri.getPort() > 0 ? uri.getPort() : 3306,
                    name,
                    Optional.ofNullable(System.getenv("GOX_TEST_DB_USER")).orElse("root"),
                    Optional.ofNullable(System.getenv("GOX_TEST_DB_PASSWORD")).orElse(""),
                    null);
            db.execute("CREATE DATABASE `" + name + "`");
            return db;
        }
        Path dir = Path.of("target", "test-db", name);
        TestDatabase db = new TestDatabase("127.0.0.1", freePort(), name, "root", "", dir);
        db.embedded = EmbeddedMariaDb.start(dir, db.port, name);
        return db;
    }

    public boolean isEmbedded() {
        return dir != null;
    }

    /** Stops the embedded server, keeping its data (to test outages and restarts). */
    public void stopServer() {
        embedded.close();
        embedded = null;
    }

    /** Starts the embedded server again on the same port and data. */
    public void startServer() {
        embedded = EmbeddedMariaDb.start(dir, port, name);
    }

    public String url() {
        return "mysql://" + host + ":" + port + "/" + name;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/" + name;
    }

    public String name() {
        return name;
    }

    /** partition -> term of the coordinator that last wrote its row. */
    public java.util.Map<Integer, Long> partitionTerms(String domain, String queue) {
        String url = "jdbc:mariadb://" + host + ":" + port + "/" + name;
        try (var connection = DriverManager.getConnection(url, user, password);
                var statement = connection.prepareStatement(
                        "SELECT partition_no, term FROM partitions WHERE domain = ? AND queue = ?")) {
            statement.setString(1, domain);
            statement.setString(2, queue);
            java.util.Map<Integer, Long> terms = new java.util.TreeMap<>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    terms.put(rows.getInt(1), rows.getLong(2));
                }
            }
            return terms;
        } catch (SQLException e) {
            throw new IllegalStateException("test database: partition terms", e);
        }
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Runs one statement on the server, outside any database. */
    public void execute(String sql) {
        execute("jdbc:mariadb://" + host + ":" + port + "/", sql);
    }

    /** Runs one statement in the test database (not only on the server). */
    public void executeInDatabase(String sql) {
        execute(jdbcUrl(), sql);
    }

    private void execute(String url, String sql) {
        try (var connection = DriverManager.getConnection(url, user, password);
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }

    /** The first column of the first row of a query in the test database. */
    public long queryLong(String sql) {
        try (var connection = DriverManager.getConnection(jdbcUrl(), user, password);
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        } else if (dir == null) {
            execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
