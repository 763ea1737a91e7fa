-- The same tables as PostgreSQL's V3, so both dialects share version numbers. Unused on SQLite:
-- a SQLite deployment is one node, and its presence lives in memory.
CREATE TABLE presence_connections (
    connection_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    node_id TEXT NOT NULL
);
CREATE INDEX presence_connections_user ON presence_connections (user_id);
CREATE INDEX presence_connections_node ON presence_connections (node_id);

CREATE TABLE presence_nodes (
    node_id TEXT PRIMARY KEY,
    alive_until INTEGER NOT NULL
);
