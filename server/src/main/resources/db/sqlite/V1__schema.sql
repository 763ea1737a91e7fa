-- Times are epoch milliseconds (BIGINT) in both dialects, so one mapping serves both.
-- AUTOINCREMENT: ids are never reused, even after the newest row is deleted.

CREATE TABLE users (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    username         TEXT    NOT NULL,
    display_name     TEXT    NOT NULL,
    password_hash    TEXT,
    external_issuer  TEXT,
    external_subject TEXT,
    created_at       BIGINT  NOT NULL,
    last_seen_at     BIGINT,
    UNIQUE (external_issuer, external_subject)
);
-- lower() in both dialects (ASCII-only in SQLite): the same names collide on either engine.
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT  NOT NULL REFERENCES users (id),
    refresh_hash TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    user_agent   TEXT,
    ip           TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE chats (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    title            TEXT,
    context_type     TEXT,
    context_id       TEXT,
    unique_key       TEXT    UNIQUE,
    last_seq         BIGINT  NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL,
    last_activity_at BIGINT  NOT NULL
);

CREATE TABLE chat_members (
    chat_id       BIGINT NOT NULL REFERENCES chats (id),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    role          TEXT   NOT NULL,
    last_read_seq BIGINT NOT NULL DEFAULT 0,
    joined_at     BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members (user_id, chat_id);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id           BIGINT  NOT NULL REFERENCES chats (id),
    seq               BIGINT  NOT NULL,
    sender_id         BIGINT  NOT NULL REFERENCES users (id),
    body              TEXT    NOT NULL,
    client_id         TEXT,
    created_at        BIGINT  NOT NULL,
    edited_at         BIGINT,
    deleted           BOOLEAN NOT NULL DEFAULT FALSE,
    reply_to_seq      BIGINT,
    forwarded_chat_id BIGINT,
    forwarded_seq     BIGINT,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, sender_id, client_id)
);

CREATE TABLE pins (
    chat_id   BIGINT NOT NULL,
    seq       BIGINT NOT NULL,
    pinned_by BIGINT NOT NULL REFERENCES users (id),
    pinned_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, seq),
    FOREIGN KEY (chat_id, seq) REFERENCES messages (chat_id, seq)
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uploader_id  BIGINT  NOT NULL REFERENCES users (id),
    chat_id      BIGINT  REFERENCES chats (id),
    message_id   BIGINT  REFERENCES messages (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    content      BLOB    NOT NULL,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

-- Full-text index over live bodies only; the triggers keep it in step with messages,
-- so no code path can forget it. Deleted messages leave the index.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN NOT new.deleted
BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN NOT old.deleted
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

-- One trigger, old entry out before new entry in: FTS5 removes postings by the old text.
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, deleted ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) SELECT 'delete', old.id, old.body WHERE NOT old.deleted;
    INSERT INTO messages_fts (rowid, body) SELECT new.id, new.body WHERE NOT new.deleted;
END;
