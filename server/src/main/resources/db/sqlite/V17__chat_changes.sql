-- The change log (issue #14, decision 0029): every change to a chat's messages or to the chat
-- itself (edit, delete, reaction, pin, streamed reply finished, ...) is one row, written in the
-- change's own transaction, numbered 1, 2, 3, ... per chat by chat_change_counters.last_number.
-- The counter row's lock orders concurrent changes on any number of nodes, and a rolled-back
-- change leaves no number. A connection replays the rows after the number it last saw (resume,
-- SSE and long-poll cursors, gap fills). seq is the message the change is about (0: the chat);
-- data holds the event's own fields as JSON; created_at (epoch milliseconds) is for retention.
CREATE TABLE chat_change_counters (
    chat_id     BIGINT NOT NULL PRIMARY KEY REFERENCES chats (id),
    last_number BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE chat_changes (
    chat_id    BIGINT NOT NULL REFERENCES chats (id),
    number     BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    seq        BIGINT NOT NULL DEFAULT 0,
    data       TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, number)
);

CREATE INDEX chat_changes_created_at ON chat_changes (created_at);
