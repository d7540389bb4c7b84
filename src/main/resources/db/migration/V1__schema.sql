-- gox-helix schema, valid on MySQL 8 and MariaDB 10.6+.
-- Names are ASCII with binary collation: "Orders" and "orders" are different queues.
-- Times are UTC_TIMESTAMP(3) of the database server: leases are judged by the database clock only.

-- Fencing term of the acting coordinator: incremented on every acquisition of the election lock,
-- checked (FOR UPDATE) inside every coordinator write transaction.
CREATE TABLE coordinator_term (
    name   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    term   BIGINT      NOT NULL,
    holder VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    since  DATETIME(3) NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB;

CREATE TABLE queues (
    domain     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    queue      VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    partitions INT         NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (domain, queue)
) ENGINE = InnoDB;

-- A worker row is never deleted: its version must keep increasing across leave, expiry and return.
CREATE TABLE workers (
    domain         VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    worker_id      CHAR(36)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    queues         VARCHAR(6500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    live           BOOLEAN       NOT NULL,
    version        BIGINT        NOT NULL,
    acked_version  BIGINT        NOT NULL,
    last_heartbeat DATETIME(3)   NOT NULL,
    PRIMARY KEY (domain, worker_id),
    KEY workers_by_lease (live, last_heartbeat)
) ENGINE = InnoDB;

-- A partition row is never deleted either: a queue shrunk or re-created continues its epochs.
-- state: ASSIGNED (owner entitled, in its snapshot), RELEASING (owner entitled until it acks
-- release_version or its lease ends), UNASSIGNED (owner NULL).
CREATE TABLE partitions (
    domain          VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    queue           VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    partition_no    INT         NOT NULL,
    owner           CHAR(36)    CHARACTER SET ascii COLLATE ascii_bin NULL,
    state           VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    epoch           BIGINT      NOT NULL,
    release_version BIGINT      NOT NULL,
    term            BIGINT      NOT NULL,
    PRIMARY KEY (domain, queue, partition_no),
    KEY partitions_by_owner (domain, owner, state)
) ENGINE = InnoDB;

-- Change feed read by every instance (SSE fan-out) and by the coordinator (signals). Writers take
-- the feed_head row lock to number their changes, so sequence order is commit order and a reader
-- that has seen sequence n has seen every change below n.
CREATE TABLE feed_head (
    id  TINYINT NOT NULL,
    seq BIGINT  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO feed_head (id, seq) VALUES (1, 0);

CREATE TABLE change_feed (
    seq        BIGINT      NOT NULL,
    domain     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    worker_id  CHAR(36)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version    BIGINT      NOT NULL,
    coordinate BOOLEAN     NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (seq, domain, worker_id),
    KEY change_feed_by_age (created_at)
) ENGINE = InnoDB;
