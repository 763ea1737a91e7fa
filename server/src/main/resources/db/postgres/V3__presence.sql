-- Presence shared by nodes that have PostgreSQL but no Redis (PostgresPresence). Rows are
-- disposable: a node's rows are swept when its liveness lapses and rewritten by the node itself.

-- One row per live connection on any node; a user is online while they have a row.
CREATE TABLE presence_connections (
    connection_id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    node_id TEXT NOT NULL
);
CREATE INDEX presence_connections_user ON presence_connections (user_id);
CREATE INDEX presence_connections_node ON presence_connections (node_id);

-- One row per node that may hold connections; alive_until (epoch milliseconds on the database's
-- clock, so node clocks need not agree) is pushed forward while the node lives.
CREATE TABLE presence_nodes (
    node_id TEXT PRIMARY KEY,
    alive_until BIGINT NOT NULL
);
