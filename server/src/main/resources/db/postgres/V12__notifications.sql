-- Application notifications (issue #11): the host sends a user a notification through the server
-- API; each user's notifications are numbered 1, 2, 3, … by notification_counters.last_seq, which
-- the insert bumps in its own transaction (as chats number messages). read_seq: every seq up to it
-- is read. client_id, when the host gives one, makes a retried send return the first notification.
-- data: the host's JSON object as text (at most 4 KB). Times are epoch milliseconds.
CREATE TABLE notification_counters (
    user_id  BIGINT NOT NULL PRIMARY KEY REFERENCES users (id),
    last_seq BIGINT NOT NULL,
    read_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE notifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    seq        BIGINT NOT NULL,
    client_id  TEXT,
    kind       TEXT   NOT NULL,
    title      TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    data       TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, seq)
);

CREATE UNIQUE INDEX notifications_client_id ON notifications (user_id, client_id) WHERE client_id IS NOT NULL;
