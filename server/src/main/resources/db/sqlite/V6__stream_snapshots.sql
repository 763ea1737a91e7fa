-- Where an SSE or long-poll stream stood (every chat's position) when it opened or was last
-- compacted. Event ids and poll cursors name one snapshot plus the few chats that moved since, so
-- any node can resume the stream and the id stays short however many chats the user has.
CREATE TABLE stream_snapshots (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    positions  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX stream_snapshots_created ON stream_snapshots (created_at);

-- The chat's last seq when the member joined: a stream resumed from a snapshot taken before the
-- user joined starts the chat there.
ALTER TABLE chat_members ADD COLUMN joined_seq BIGINT NOT NULL DEFAULT 0;
