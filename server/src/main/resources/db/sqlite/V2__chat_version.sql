-- A counter of changes to what a cache may hold about a chat (the chat row, its members, its
-- messages), moved in the same transaction as each change; caches compare it before serving.
ALTER TABLE chats ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
