-- The ledger: every change of a partition's entitled owner, appended by the coordinator's round in
-- the transaction that makes it. Never updated; pruned after gox.ledger.retention (database clock).
-- from_worker/to_worker NULL: no owner. id orders entries as they were committed (one writer, the
-- acting coordinator, whose rounds run one at a time).
CREATE TABLE ledger (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    at           DATETIME(3) NOT NULL,
    term         BIGINT      NOT NULL,
    domain       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    queue        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    partition_no INT         NOT NULL,
    from_worker  CHAR(36)    CHARACTER SET ascii COLLATE ascii_bin NULL,
    to_worker    CHAR(36)    CHARACTER SET ascii COLLATE ascii_bin NULL,
    epoch        BIGINT      NOT NULL,
    reason       VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    live_workers INT         NOT NULL,
    PRIMARY KEY (id),
    KEY ledger_by_domain (domain, id),
    KEY ledger_by_partition (domain, queue, partition_no, id),
    KEY ledger_by_from (domain, from_worker, id),
    KEY ledger_by_to (domain, to_worker, id),
    KEY ledger_by_age (at)
) ENGINE = InnoDB;
