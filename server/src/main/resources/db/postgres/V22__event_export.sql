-- Event export to a message broker (issue #15, decision 0034). A target ("kafka", "nats",
-- "rabbitmq") is registered by the first node configured to export to it; from then on every change
-- writes one export_events row per target in its own transaction, beside its webhook rows. The node
-- holding the target's lease (lease_owner until lease_until, epoch ms) publishes the rows in id order
-- and deletes them once the broker confirmed them: what is left is the target's position.
CREATE TABLE export_targets (
    name        TEXT PRIMARY KEY,
    lease_owner TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- stream orders a target's events as webhooks' do ("chat:<id>", "user:<id>"); data is the event's
-- JSON as webhooks deliver it.
CREATE TABLE export_events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target     TEXT   NOT NULL,
    type       TEXT   NOT NULL,
    stream     TEXT   NOT NULL,
    data       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX export_events_target ON export_events (target, id);
