-- WebSocket tickets already used (decision 0011), by their nonce, so each opens one connection.
-- The primary key makes the claim: a second INSERT of the same nonce inserts nothing. Rows are
-- removed by the cleanup job once the ticket has expired (expires_at, epoch milliseconds).
CREATE TABLE used_tickets (
    nonce      TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX used_tickets_expires ON used_tickets (expires_at);
