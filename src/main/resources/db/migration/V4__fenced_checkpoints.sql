-- Fenced checkpoints (doc/fencing.md): per partition, a small value (an offset, a cursor) that only a
-- fenced transaction of the partition's owner writes, in the same transaction as the work it stands
-- for, so the next owner resumes exactly where the last committed transaction left off.
-- Valid on MySQL 8 and MariaDB 10.6+; same conventions as V1. The service never writes or deletes a
-- row here: a checkpoint outlives owners, epochs and re-creations of its queue.
-- epoch, worker_id, updated_at: the grant and the time (database clock) of the last write, for audits.
CREATE TABLE checkpoints (
    domain       VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    queue        VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    partition_no INT           NOT NULL,
    checkpoint   VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    epoch        BIGINT        NOT NULL,
    worker_id    CHAR(36)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    updated_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (domain, queue, partition_no)
) ENGINE = InnoDB;
