-- Load-aware balancing (doc/design/placement.md). Valid on MySQL 8 and MariaDB 10.6+.
-- A domain without a row is balanced by partition count (the default); a row puts it in load mode:
-- every worker's reported load is kept within tolerance (a fraction, 0.10 for 10 %) of its share.
CREATE TABLE domain_balancing (
    domain     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    mode       VARCHAR(8)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tolerance  DOUBLE      NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    updated_by VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (domain)
) ENGINE = InnoDB;

-- The loads a worker last reported for the partitions it holds, as canonical JSON text
-- ({"orders": {"0": 12.5, "3": 4.0}}); NULL: none. A heartbeat without loads keeps the last report;
-- a fresh registration replaces it. Only the current owner's figure for a partition is used.
ALTER TABLE workers
    ADD COLUMN loads MEDIUMTEXT NULL;
