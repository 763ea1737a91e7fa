-- Moderation (issue #11): who may not send. A chat_mutes row silences one member in one chat, a
-- send_blocks row one user in every chat. ends_at: epoch milliseconds after which the row no longer
-- counts, or NULL for until lifted; an ended row stays until the next mute or unmute replaces it.
-- The append's own transaction reads these rows, so a committed restriction holds on every node.
-- A mute outlives leaving the chat: a member removed and added back is still muted.
CREATE TABLE chat_mutes (
    chat_id    BIGINT NOT NULL REFERENCES chats (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    ends_at    BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

CREATE TABLE send_blocks (
    user_id    BIGINT NOT NULL PRIMARY KEY REFERENCES users (id),
    ends_at    BIGINT,
    created_at BIGINT NOT NULL
);
