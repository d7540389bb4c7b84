package io.goxhelix.client.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.goxhelix.client.fencing.NotOwnerException.Reason;
import io.goxhelix.testing.Cluster;
import io.goxhelix.testing.ShortLeaseProfile;
import io.goxhelix.testing.SimulatedFleet;
import io.goxhelix.testing.SimulatedWorker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/** The fencing kit against the service's own schema, with the coordinator running. */
@QuarkusTest
@TestProfile(FencedTransactionsTest.Profile.class)
class FencedTransactionsTest {

    /** Short leases, and a round that gives up on a row lock after a second. */
    public static class Profile extends ShortLeaseProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("gox.coordinator.lock-wait-timeout", "1s");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(2);

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @TestHTTPResource("/")
    URI base;

    private final SimulatedFleet fleet = new SimulatedFleet();
    private DataSource dataSource;
    private String domain;

    @BeforeEach
    void applicationTable() throws SQLException {
        var config = ConfigProvider.getConfig();
        MariaDbDataSource ds = new MariaDbDataSource(config.getValue("quarkus.datasource.jdbc.url", String.class));
        ds.setUser(config.getValue("quarkus.datasource.username", String.class));
        ds.setPassword(config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse(""));
        dataSource = ds;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS app_effects (domain VARCHAR(64) NOT NULL, item VARCHAR(64) NOT NULL,"
                    + " writer CHAR(36) NOT NULL, PRIMARY KEY (domain, item))");
        }
        domain = "fenced-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopWorkers() {
        fleet.close();
    }

    @Test
    void theOwnerCommitsItsWorkAndCheckpointOthersAreRefusedAndWriteNothing() throws Exception {
        // Given a worker that owns partition 0 of a one-partition queue
        Cluster.putQueue(domain, "q", 1);
        SimulatedWorker owner = worker();
        long epoch = awaitHeld(owner, "q/0");
        FencedTransactions fencing = FencedTransactions.of(dataSource, owner.id(), domain);

        // When it writes an effect and a checkpoint through the kit
        String result = fencing.run("q", 0, epoch, (c, cp) -> {
            assertThat(cp.value()).isEmpty();
            insertEffect(c, "item-1", owner.id());
            cp.set("1");
            return "done";
        });

        // Then both are committed, and the checkpoint is what the next transaction reads
        assertThat(result).isEqualTo("done");
        assertThat(effects()).isEqualTo(1);
        assertThat(fencing.checkpoint("q", 0)).contains("1");
        Optional<String> seen = fencing.run("q", 0, epoch, (c, cp) -> cp.value());
        assertThat(seen).contains("1");

        // And the same, with gox-helix's tables named by their schema
        FencedTransactions qualified = fencing.withSchema(currentDatabase());
        Optional<String> seenQualified = qualified.run("q", 0, epoch, (c, cp) -> cp.value());
        assertThat(seenQualified).contains("1");
        assertRefused(qualified, "q", 0, epoch - 1, Reason.EPOCH_SUPERSEDED);

        // And every claim that does not match the row is refused before the work runs
        String stranger = UUID.randomUUID().toString();
        assertRefused(FencedTransactions.of(dataSource, stranger, domain), "q", 0, epoch, Reason.NOT_OWNER);
        assertRefused(fencing, "q", 0, epoch - 1, Reason.EPOCH_SUPERSEDED);
        assertRefused(fencing, "q", 0, epoch + 1, Reason.NOT_OWNER);
        assertRefused(fencing, "q", 7, epoch, Reason.UNKNOWN_PARTITION);
        assertRefused(fencing, "nope", 0, epoch, Reason.UNKNOWN_PARTITION);
        assertThat(effects()).isEqualTo(1);
        assertThat(fencing.checkpoint("q", 0)).contains("1");
    }

    @Test
    void aWorkerWhoseLeaseRanOutIsRefusedEvenBeforeThePartitionMoves() throws Exception {
        // Given an owner that stops heartbeating, judged by a kit whose lease is shorter than the
        // service's, so that the lease is over while the partition is still the owner's
        Cluster.putQueue(domain, "q", 1);
        SimulatedWorker owner = worker();
        long epoch = awaitHeld(owner, "q/0");
        owner.crash();
        FencedTransactions fencing =
                FencedTransactions.of(dataSource, owner.id(), domain).withLease(Duration.ofMillis(100));

        // When its lease is over by the database clock (and long before the service's is)
        await().atMost(PATIENCE).until(() -> millisSinceHeartbeat(owner.id()) > 300);

        // Then its writes are refused, though the partition is still its own
        assertRefused(fencing, "q", 0, epoch, Reason.LEASE_EXPIRED);
        assertThat(owner(0)).isEqualTo(owner.id());
        assertThat(effects()).isZero();
    }

    @Test
    void aRegrantWaitsForAnOpenFencedTransactionAndTheStaleOwnerCannotCommitAfter() throws Exception {
        // Given two workers of a two-partition queue, and the partition owned by the first
        Cluster.putQueue(domain, "q", 2);
        SimulatedWorker stale = worker();
        SimulatedWorker next = worker();
        await().atMost(PATIENCE)
                .until(() -> stale.held().size() == 1 && next.held().size() == 1);
        String key = stale.held().keySet().iterator().next();
        int partition = Integer.parseInt(key.substring(key.indexOf('/') + 1));
        long epoch = stale.held().get(key);
        FencedTransactions fencing =
                FencedTransactions.of(dataSource, stale.id(), domain).withLease(LEASE);

        // When the first opens a fenced transaction, then freezes past its lease
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> {
            try {
                fencing.run("q", partition, epoch, (c, cp) -> {
                    inside.countDown();
                    hold(finish);
                    insertEffect(c, "late", stale.id());
                    cp.set("late");
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        double waitsBefore = metric("gox_round_lock_waits_total");
        double term = metric("gox_coordinator_term");
        stale.crash();

        // Then the rounds that would regrant its partition wait, and give up, while it is open
        await().atMost(PATIENCE).until(() -> metric("gox_round_lock_waits_total") >= waitsBefore + 2);
        assertThat(owner(partition)).isEqualTo(stale.id());
        // (and the coordinator that waited is still the one in office)
        assertThat(metric("gox_coordinator_term")).isEqualTo(term).isPositive();

        // And once it commits, the partition moves on, with a greater epoch
        finish.countDown();
        open.get(30, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> next.held().containsKey(key));
        assertThat(next.held().get(key)).isGreaterThan(epoch);
        assertThat(effects()).isEqualTo(1);

        // And a transaction the stale owner starts after the move fails and writes nothing
        assertRefused(fencing, "q", partition, epoch, Reason.EPOCH_SUPERSEDED);
        assertThat(effects()).isEqualTo(1);
        assertThat(fencing.checkpoint("q", partition)).contains("late");
    }

    @Test
    void aRunPutsTheSessionsSettingsBackAndAFrozenRunIsRolledBackByTheServer() throws Exception {
        // Given a connection with settings of its own, handed out again and again
        Cluster.putQueue(domain, "q", 1);
        SimulatedWorker owner = worker();
        long epoch = awaitHeld(owner, "q/0");
        try (Connection shared = dataSource.getConnection()) {
            try (Statement s = shared.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 17, wait_timeout = 1234");
            }
            FencedTransactions fencing = FencedTransactions.of(reusing(shared), owner.id(), domain)
                    .withLockWait(Duration.ofMillis(1500))
                    .withIdleTimeout(Duration.ofSeconds(1));

            // When a run reads them, and a refused run ends
            List<Long> inside = fencing.run("q", 0, epoch, (c, cp) -> sessionTimeouts(c));
            assertRefused(fencing, "q", 0, epoch + 5, Reason.NOT_OWNER);

            // Then the run had its own (rounded up to whole seconds) and the session has its own again
            assertThat(inside).containsExactly(2L, 1L);
            assertThat(sessionTimeouts(shared)).containsExactly(17L, 1234L);
            assertThat(shared.getAutoCommit()).isTrue();
        }

        // And a run that stays silent past its idle timeout loses its connection and writes nothing
        FencedTransactions frozen =
                FencedTransactions.of(dataSource, owner.id(), domain).withIdleTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(() -> frozen.run("q", 0, epoch, (c, cp) -> {
                    insertEffect(c, "frozen", owner.id());
                    pauseLikeAFrozenProcess(Duration.ofSeconds(3));
                    cp.set("frozen");
                    return null;
                }))
                .isInstanceOf(SQLException.class);
        assertThat(effects()).isZero();
        assertThat(FencedTransactions.of(dataSource, owner.id(), domain).checkpoint("q", 0))
                .isEmpty();
    }

    private static List<Long> sessionTimeouts(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout, @@SESSION.wait_timeout")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** A data source that hands out {@code shared} every time, and whose connections' close keeps it open. */
    private static DataSource reusing(Connection shared) {
        Connection unclosable = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The silence of a process frozen inside a transaction: what is tested is the server's reaction to it. */
    private static void pauseLikeAFrozenProcess(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SimulatedWorker worker() {
        return fleet.start(base, domain, List.of("q"), Duration.ofMillis(500));
    }

    private static long awaitHeld(SimulatedWorker w, String key) {
        await().atMost(PATIENCE).until(() -> w.held().containsKey(key));
        return w.held().get(key);
    }

    private void assertRefused(FencedTransactions fencing, String queue, int partition, long epoch, Reason reason) {
        assertThatThrownBy(() -> fencing.run(queue, partition, epoch, (c, cp) -> {
                    insertEffect(c, "refused-" + UUID.randomUUID(), "x");
                    return null;
                }))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getSQLState()).isEqualTo(NotOwnerException.SQL_STATE);
                });
    }

    private void insertEffect(Connection c, String item, String writer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO app_effects VALUES (?, ?, ?)")) {
            s.setString(1, domain);
            s.setString(2, item);
            s.setString(3, writer);
            s.executeUpdate();
        }
    }

    private long effects() throws SQLException {
        return queryLong("SELECT COUNT(*) FROM app_effects WHERE domain = ?", domain)
                .orElseThrow();
    }

    private String owner(int partition) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT owner FROM partitions WHERE domain = ? AND queue = 'q' AND partition_no = ?")) {
            s.setString(1, domain);
            s.setInt(2, partition);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String currentDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long millisSinceHeartbeat(String worker) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT TIMESTAMPDIFF(MICROSECOND, last_heartbeat,"
                        + " UTC_TIMESTAMP(3)) FROM workers WHERE domain = ? AND worker_id = ?")) {
            s.setString(1, domain);
            s.setString(2, worker);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) / 1000;
            }
        }
    }

    private Optional<Long> queryLong(String sql, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private double metric(String name) {
        String text = io.goxhelix.testing.ManagementPort.metrics(management);
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the transaction finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
