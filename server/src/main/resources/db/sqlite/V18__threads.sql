-- Threads (issue #14): a reply in a thread is an ordinary message of the chat (its next seq) that
-- names its root in thread_root_seq (a root is never a reply). shown_in_chat: whether the message
-- is part of the chat's own history (every message but a thread reply its sender kept in the
-- thread). The root carries its thread's summary, moved in the reply's own transaction:
-- thread_reply_count, thread_last_reply_at (epoch milliseconds), thread_last_reply_seq.
ALTER TABLE messages ADD COLUMN thread_root_seq BIGINT;
ALTER TABLE messages ADD COLUMN shown_in_chat BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE messages ADD COLUMN thread_reply_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN thread_last_reply_at BIGINT;
ALTER TABLE messages ADD COLUMN thread_last_reply_seq BIGINT;

-- A thread's history pages by seq among its replies; only replies are indexed.
CREATE INDEX messages_thread_replies ON messages (chat_id, thread_root_seq, seq) WHERE thread_root_seq IS NOT NULL;

-- Who follows a thread (its root's author, every replier, whoever marked it read) and how far
-- each has read it: read_seq only moves forward. Rows go with their root (retention).
CREATE TABLE thread_participants (
    chat_id  BIGINT NOT NULL REFERENCES chats (id),
    root_seq BIGINT NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users (id),
    read_seq BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, root_seq, user_id)
);
CREATE INDEX thread_participants_user ON thread_participants (user_id);
