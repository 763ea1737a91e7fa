-- Language-aware search (decision 0026): one GIN expression index per stemming configuration
-- VESTNIK_SEARCH_LANGUAGE may name ('simple' keeps body_tsv and its index from V1). Expressions,
-- not columns: PostgreSQL keeps them in step with every write, the previous version's included,
-- and a node may switch language without a rebuild. Building them holds back writes to messages
-- (not reads) while they build; on a large table create them CONCURRENTLY before upgrading
-- (docs/operations.md), and this migration finds them there.
CREATE INDEX IF NOT EXISTS messages_search_russian ON messages USING GIN (to_tsvector('russian', body));
CREATE INDEX IF NOT EXISTS messages_search_english ON messages USING GIN (to_tsvector('english', body));
