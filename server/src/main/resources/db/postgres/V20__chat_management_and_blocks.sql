-- Chat management and user blocks (issue #14 items 3 and 4).
-- A group's description and avatar (a URL the host application serves; see decision 0032), and
-- when a group was deleted by its owner (its members are removed in the same transaction).
ALTER TABLE chats ADD COLUMN description TEXT;
ALTER TABLE chats ADD COLUMN avatar_url TEXT;
ALTER TABLE chats ADD COLUMN deleted_at BIGINT;

-- Each member's own view of a chat, never shown to the other members. muted_until: epoch
-- milliseconds, NULL with muted = TRUE for "until unmuted". hidden_seq: a direct chat "deleted for
-- me" at that seq stays out of the member's list until a message past it arrives.
ALTER TABLE chat_members ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE chat_members ADD COLUMN muted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE chat_members ADD COLUMN muted_until BIGINT;
ALTER TABLE chat_members ADD COLUMN marked_unread BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE chat_members ADD COLUMN hidden_seq BIGINT;

-- blocker_id no longer receives blocked_id's messages, and neither sees the other's presence.
CREATE TABLE user_blocks (
    blocker_id BIGINT NOT NULL REFERENCES users (id),
    blocked_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id, blocker_id);

-- User search by name prefix (lower() in both dialects, as users_username).
CREATE INDEX users_display_name ON users (lower(display_name));
