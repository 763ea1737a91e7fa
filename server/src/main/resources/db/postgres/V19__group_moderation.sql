-- Group moderation (issue #14): roles owner / admin / member live in chat_members.role as before.
-- chat_bans: a user removed from a group and kept out of it until ends_at (epoch milliseconds; NULL
-- for until lifted). Like chat_mutes, an ended row stays until the next ban or unban replaces it.
CREATE TABLE chat_bans (
    chat_id    BIGINT NOT NULL REFERENCES chats (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    ends_at    BIGINT,
    banned_by  BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Slow mode: one message per slow_mode_seconds per plain member (0: off). The append claims the
-- member's turn by moving chat_members.last_sent_at in its own transaction (a conditional UPDATE),
-- so two sends racing on two nodes cannot both pass.
ALTER TABLE chats ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_members ADD COLUMN last_sent_at BIGINT;

-- Who turned a message into a tombstone: its sender, an admin of the group, or NULL (the host's
-- server API, or a deletion before this version).
ALTER TABLE messages ADD COLUMN deleted_by BIGINT;

-- Reports of messages by members, for the host's moderators (server API). One per reporter and
-- message: a repeat changes nothing. resolved_at / resolution / resolution_note are set once, by the
-- host. Reports outlive their message (retention), so chat_id + seq are kept without a foreign key.
CREATE TABLE message_reports (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id         BIGINT NOT NULL REFERENCES chats (id),
    seq             BIGINT NOT NULL,
    sender_id       BIGINT NOT NULL REFERENCES users (id),
    reporter_id     BIGINT NOT NULL REFERENCES users (id),
    reason          TEXT   NOT NULL,
    comment         TEXT,
    body            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    resolved_at     BIGINT,
    resolution      TEXT,
    resolution_note TEXT,
    UNIQUE (chat_id, seq, reporter_id)
);
CREATE INDEX message_reports_open ON message_reports (resolved_at, id);
