-- Streamed messages (issue #11): a message starts "streaming" and its body grows by deltas until it
-- is finished ("complete"). Every message so far is complete. stream_touched_at: epoch milliseconds
-- of the stream's start or last delta, for the sweep that finishes streams left open past
-- VESTNIK_STREAM_TIMEOUT; null once complete.
ALTER TABLE messages ADD COLUMN streaming BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN stream_touched_at BIGINT;

-- Only open streams are indexed: the sweep reads just those.
CREATE INDEX messages_open_streams ON messages (stream_touched_at) WHERE streaming;
