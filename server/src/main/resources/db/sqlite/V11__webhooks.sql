-- Webhooks (issue #11). An endpoint the host registered: events is the event types it takes,
-- each between commas (",message.created,chat.created,") so one LIKE finds the subscribers;
-- secret keys the HMAC of every delivery. Times are epoch milliseconds.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT   NOT NULL,
    events     TEXT   NOT NULL,
    secret     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- The outbox: one row per event and subscribed endpoint, written in the transaction of the change
-- that caused it (decision 0014). stream orders deliveries ("chat:<id>"): an event is claimed only
-- when no earlier live row of its endpoint and stream remains. data is the event's JSON, kept as
-- delivered. A claim sets lease_until/lease_owner; a delivered row is deleted; a failed one waits
-- until next_at; one that failed for the whole retry period gets dead_at (the dead-letter list)
-- until an operator replays it (replayed_at restarts the retry period).
CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id  BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    type        TEXT   NOT NULL,
    stream      TEXT   NOT NULL,
    data        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    next_at     BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_until BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    last_error  TEXT,
    replayed_at BIGINT,
    dead_at     BIGINT
);
CREATE INDEX webhook_events_stream ON webhook_events (webhook_id, stream, id) WHERE dead_at IS NULL;
CREATE INDEX webhook_events_due ON webhook_events (next_at) WHERE dead_at IS NULL;
CREATE INDEX webhook_events_dead ON webhook_events (dead_at) WHERE dead_at IS NOT NULL;

-- The unread hook (message.unread): the chat's last seq when the hook last fired for this member,
-- so it fires once per run of unread messages (coalesced), and again only for messages after it.
ALTER TABLE chat_members ADD COLUMN unread_hook_seq BIGINT NOT NULL DEFAULT 0;
