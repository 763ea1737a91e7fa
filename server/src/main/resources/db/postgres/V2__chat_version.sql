-- A counter of changes to what a cache may hold about a chat (the chat row, its members, its
-- messages), moved in the same transaction as each change; caches compare it before serving.
ALTER TABLE chats ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- A random id of this database, the same for every node on it: caches outside the database
-- (a Redis several deployments may share) put it in their keys, so no database reads another's
-- entries, and a database recreated from scratch does not read its predecessor's.
CREATE TABLE storage_identity (id TEXT NOT NULL);
INSERT INTO storage_identity (id) VALUES (replace(gen_random_uuid()::text, '-', ''));
