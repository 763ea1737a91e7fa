-- A scratch copy of Vestnik's messages table (db/postgres): the same columns, keys and search
-- column. Statements are separated by blank lines.
DROP TABLE IF EXISTS loadgen_insert_ceiling

CREATE TABLE loadgen_insert_ceiling (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id    BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    sender_id  BIGINT NOT NULL,
    body       TEXT   NOT NULL,
    client_id  TEXT,
    created_at BIGINT NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT FALSE,
    body_tsv   TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, sender_id, client_id)
)
