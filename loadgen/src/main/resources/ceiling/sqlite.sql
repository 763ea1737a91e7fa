-- A scratch copy of Vestnik's messages table (db/sqlite) with its full-text trigger, in WAL with
-- synchronous=FULL like the server (every commit fsynced). Statements are separated by blank lines.
PRAGMA journal_mode=WAL

PRAGMA synchronous=FULL

DROP TABLE IF EXISTS loadgen_insert_ceiling_fts

DROP TABLE IF EXISTS loadgen_insert_ceiling

CREATE TABLE loadgen_insert_ceiling (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id    BIGINT  NOT NULL,
    seq        BIGINT  NOT NULL,
    sender_id  BIGINT  NOT NULL,
    body       TEXT    NOT NULL,
    client_id  TEXT,
    created_at BIGINT  NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, sender_id, client_id)
)

CREATE VIRTUAL TABLE loadgen_insert_ceiling_fts USING fts5(
    body, content = 'loadgen_insert_ceiling', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
)

CREATE TRIGGER loadgen_insert_ceiling_fts_insert AFTER INSERT ON loadgen_insert_ceiling WHEN NOT new.deleted
BEGIN
    INSERT INTO loadgen_insert_ceiling_fts (rowid, body) VALUES (new.id, new.body);
END
