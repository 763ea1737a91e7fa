-- Emoji reactions (issue #14): one row per user, emoji and message. The primary key makes a
-- repeated add a no-op; the reaction's own transaction locks the message row, so the limit on
-- distinct emoji per message holds under concurrent adds. Rows go with their message: a deletion
-- (tombstone) and retention remove them, as they remove pins. created_at (epoch milliseconds)
-- orders a message's emoji by their first reaction.
CREATE TABLE reactions (
    chat_id    BIGINT NOT NULL REFERENCES chats (id),
    seq        BIGINT NOT NULL,
    emoji      TEXT   NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, seq, emoji, user_id)
);
