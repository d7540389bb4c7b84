package io.goxhelix.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

    @Test
    void dataSurvivesARestartOfTheServer() throws Exception {
        Path dir = Path.of("target", "test-db", "restart-" + UUID.randomUUID());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/evaluation";

        // Given a row written to a fresh embedded database
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir, port, "evaluation");
                var connection = DriverManager.getConnection(url, "root", "");
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (v INT)");
            statement.execute("INSERT INTO kept VALUES (42)");
        }

        // When the server starts again on the same directory, then the row is still there
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir, port, "evaluation");
                var connection = DriverManager.getConnection(url, "root", "");
                var rows = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }
}
