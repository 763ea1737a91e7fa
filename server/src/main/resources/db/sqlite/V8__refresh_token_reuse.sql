-- Refresh tokens a rotation replaced, as hashes, kept while their session is: one presented again
-- was copied, and ends its session (reuse detection). Removed by the cleanup job before the
-- session itself.
CREATE TABLE rotated_refresh_tokens (
    refresh_hash TEXT   PRIMARY KEY,
    session_id   BIGINT NOT NULL REFERENCES sessions (id),
    rotated_at   BIGINT NOT NULL
);
CREATE INDEX rotated_refresh_tokens_session ON rotated_refresh_tokens (session_id);
