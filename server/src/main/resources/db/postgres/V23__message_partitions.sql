-- Messages partitioned by created_at (decision 0035). This only adds the partitioned twin and the
-- state of the online conversion; the maintenance job (MessagePartitions.convertStep) mirrors writes
-- into it, copies the existing rows in batches and then swaps the two tables, so nodes of the
-- previous version keep working until the swap. A fresh install swaps at start, the table empty.
--
-- A partitioned table's unique keys must contain created_at: the primary key is (id, created_at);
-- (chat_id, seq) and (chat_id, sender_id, client_id) are plain indexes, each partition holding its
-- own. Their uniqueness is kept by the append, which numbers a chat's messages and looks for a
-- repeated client_id under the chat row's lock. LIKE takes every column messages has now, so
-- columns added before this migration come along; the conversion copies them all by name.
CREATE TABLE messages_partitioned (
    LIKE messages INCLUDING DEFAULTS INCLUDING GENERATED,
    PRIMARY KEY (id, created_at),
    FOREIGN KEY (chat_id) REFERENCES chats (id),
    FOREIGN KEY (sender_id) REFERENCES users (id)
) PARTITION BY RANGE (created_at);

-- Rows whose time no partition covers; see MessagePartitions for what becomes of them.
CREATE TABLE messages_default PARTITION OF messages_partitioned DEFAULT;

-- Takes over from the old table's identity at the swap; until then rows keep their copied ids.
CREATE SEQUENCE messages_partitioned_id_seq OWNED BY messages_partitioned.id;

CREATE INDEX messages_p_chat_seq ON messages_partitioned (chat_id, seq);
CREATE INDEX messages_p_client_id ON messages_partitioned (chat_id, sender_id, client_id);
CREATE INDEX messages_p_created ON messages_partitioned (created_at);
CREATE INDEX messages_p_body_tsv ON messages_partitioned USING GIN (body_tsv);
CREATE INDEX messages_p_search_russian ON messages_partitioned USING GIN (to_tsvector('russian', body));
CREATE INDEX messages_p_search_english ON messages_partitioned USING GIN (to_tsvector('english', body));
CREATE INDEX messages_p_open_streams ON messages_partitioned (stream_touched_at) WHERE streaming;
CREATE INDEX messages_p_thread_replies ON messages_partitioned (chat_id, thread_root_seq, seq) WHERE thread_root_seq IS NOT NULL;

-- One row. phase: unpartitioned | copying | partitioned. Rows of the old table with ids up to
-- copy_until existed before the mirror trigger; copied_through is how far the copy got.
-- started_at: epoch milliseconds the trigger went in.
CREATE TABLE message_partitioning (
    id             INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    phase          TEXT    NOT NULL DEFAULT 'unpartitioned',
    copy_until     BIGINT  NOT NULL DEFAULT 0,
    copied_through BIGINT  NOT NULL DEFAULT 0,
    started_at     BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO message_partitioning DEFAULT VALUES;
