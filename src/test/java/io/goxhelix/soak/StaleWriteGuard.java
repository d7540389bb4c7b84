package io.goxhelix.soak;

import io.goxhelix.testing.TestDatabase;

/**
 * Catches, in the database itself, any partition row written under a coordinator term older than the
 * latest one: triggers compare each written row's term with {@code coordinator_term} (read under the
 * same row lock the coordinator's round takes) and note the stale ones. A write that is rolled back
 * takes its note with it, so only stale writes that landed are counted.
 */
final class StaleWriteGuard {

    private static final String CHECK = """
            BEGIN
              DECLARE latest BIGINT;
              SELECT MAX(term) INTO latest FROM coordinator_term FOR UPDATE;
              IF NEW.term < latest THEN
                INSERT INTO soak_stale_writes (queue, partition_no, written_term, latest_term, noted_at)
                VALUES (NEW.queue, NEW.partition_no, NEW.term, latest, UTC_TIMESTAMP(3));
              END IF;
            END""";

    private final TestDatabase db;

    private StaleWriteGuard(TestDatabase db) {
        this.db = db;
    }

    /** Installs the triggers; the service's schema must exist already. */
    static StaleWriteGuard install(TestDatabase db) {
        db.executeInDatabase("CREATE TABLE soak_stale_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " queue VARCHAR(64) NOT NULL, partition_no INT NOT NULL, written_term BIGINT NOT NULL,"
                + " latest_term BIGINT NOT NULL, noted_at DATETIME(3) NOT NULL) ENGINE = InnoDB");
        db.executeInDatabase("CREATE TRIGGER soak_stale_insert BEFORE INSERT ON partitions FOR EACH ROW " + CHECK);
        db.executeInDatabase("CREATE TRIGGER soak_stale_update BEFORE UPDATE ON partitions FOR EACH ROW " + CHECK);
        return new StaleWriteGuard(db);
    }

    long staleWrites() {
        return db.queryLong("SELECT COUNT(*) FROM soak_stale_writes");
    }

    /** Rows written by any coordinator so far (to show the guard had something to look at). */
    long partitionRows() {
        return db.queryLong("SELECT COUNT(*) FROM partitions");
    }
}
