-- Access: bearer tokens, the audit trail, and who registered each worker id.
-- Valid on MySQL 8 and MariaDB 10.6+; same conventions as V1 (ASCII names with binary collation,
-- DATETIME(3) times of UTC_TIMESTAMP(3)).

-- A token is kept without its secret: secret_hash is the SHA-256 of the secret, in lower-case hex.
-- domains: the worker's domains, sorted and comma-separated (empty for an operator). Rows are never
-- deleted, so that the audit trail's principal ids keep a name.
CREATE TABLE api_tokens (
    id          CHAR(36)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name        VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role        VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    domains     VARCHAR(6500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    secret_hash CHAR(64)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    expires_at  DATETIME(3)   NULL,
    revoked_at  DATETIME(3)   NULL,
    created_by  VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY api_tokens_by_hash (secret_hash),
    -- Every instance polls recent revocations a few times a second.
    KEY api_tokens_by_revocation (revoked_at)
) ENGINE = InnoDB;

-- Every administrative action and every refusal of one, in the order they were recorded.
-- principal: the id of the principal (a token id, 'bootstrap', or 'anonymous' with authentication off).
CREATE TABLE audit_log (
    seq       BIGINT        NOT NULL AUTO_INCREMENT,
    at        DATETIME(3)   NOT NULL,
    principal VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    action    VARCHAR(32)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    target    VARCHAR(255)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    outcome   VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    detail    VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    PRIMARY KEY (seq)
) ENGINE = InnoDB;

-- The principal whose heartbeat registered the worker id; NULL when authentication was off, in which
-- case the first principal that heartbeats it claims it.
ALTER TABLE workers
    ADD COLUMN registered_by VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;
