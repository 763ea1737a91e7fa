-- Times are epoch milliseconds (BIGINT) in both dialects, so one mapping serves both.

CREATE TABLE users (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username         TEXT   NOT NULL,
    display_name     TEXT   NOT NULL,
    password_hash    TEXT,
    external_issuer  TEXT,
    external_subject TEXT,
    created_at       BIGINT NOT NULL,
    last_seen_at     BIGINT,
    UNIQUE (external_issuer, external_subject)
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE sessions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    refresh_hash TEXT   NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    user_agent   TEXT,
    ip           TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE chats (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             TEXT   NOT NULL,
    title            TEXT,
    context_type     TEXT,
    context_id       TEXT,
    unique_key       TEXT   UNIQUE,
    last_seq         BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL
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
    id                BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    -- 'simple': no stemming or stop words, so every language is matched word for word.
    body_tsv          TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, sender_id, client_id)
);
CREATE INDEX messages_body_tsv ON messages USING GIN (body_tsv);

CREATE TABLE pins (
    chat_id   BIGINT NOT NULL,
    seq       BIGINT NOT NULL,
    pinned_by BIGINT NOT NULL REFERENCES users (id),
    pinned_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, seq),
    FOREIGN KEY (chat_id, seq) REFERENCES messages (chat_id, seq)
);

CREATE TABLE attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploader_id  BIGINT NOT NULL REFERENCES users (id),
    chat_id      BIGINT REFERENCES chats (id),
    message_id   BIGINT REFERENCES messages (id),
    name         TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA  NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);
