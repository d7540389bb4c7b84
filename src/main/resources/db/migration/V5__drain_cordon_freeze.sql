-- Planned events. Valid on MySQL 8 and MariaDB 10.6+.
-- cordoned: an operator's cordon (keeps its partitions, receives nothing new).
-- drain: NULL, QUEUED (asked, waiting for the domain's drain budget), DRAINING (its partitions are
-- handed off) or DRAINED (holds nothing); drain_since orders queued drains first come, first served.
-- A fresh registration (a heartbeat after a leave or an expiry) ends a drain.
-- app_version: the application version the worker's heartbeats announce, NULL if none.
ALTER TABLE workers
    ADD COLUMN cordoned    BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN drain       VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN drain_since DATETIME(3) NULL,
    ADD COLUMN app_version VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- A domain's freeze (no moves for balance) ends by itself at frozen_until (database clock).
CREATE TABLE domain_freezes (
    domain       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    frozen_until DATETIME(3) NOT NULL,
    frozen_by    VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (domain)
) ENGINE = InnoDB;
