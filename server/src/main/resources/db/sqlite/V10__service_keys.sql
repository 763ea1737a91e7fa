-- The server API (issue #11). Service keys let the host application's servers call
-- /api/v1/server/. Only a key's SHA-256 (key_hash) is kept; every call looks it up by the unique
-- index, with no cache, so a deleted key is refused at once on every node. scopes: scope names
-- separated by commas. Times are epoch milliseconds.
CREATE TABLE service_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT   NOT NULL,
    scopes       TEXT   NOT NULL,
    key_hash     TEXT   NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);

-- What the host's servers say about their users: a picture, their own data (a JSON object as
-- text, at most 4 KB, shown only through the server API), and whether the user is a bot.
ALTER TABLE users ADD COLUMN avatar_url TEXT;
ALTER TABLE users ADD COLUMN metadata TEXT;
ALTER TABLE users ADD COLUMN bot BOOLEAN NOT NULL DEFAULT FALSE;
