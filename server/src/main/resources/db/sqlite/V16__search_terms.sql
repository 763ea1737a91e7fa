-- Language-aware search (decision 0026). messages_search holds each live message as its search
-- terms: folded and stemmed in Java by vestnik_search_terms(), a function every Vestnik connection
-- registers, so 'сообщения' and 'сообщение' are one term. Contentless: snippets and highlights
-- are made in Java from the message itself. The triggers keep it in step with every write path.
CREATE VIRTUAL TABLE messages_search USING fts5(
    terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

-- The language the index was built in; a node configured otherwise rebuilds it at start-up.
CREATE TABLE search_index (
    language TEXT NOT NULL
);
INSERT INTO search_index (language) VALUES (vestnik_search_language());

INSERT INTO messages_search (rowid, terms) SELECT id, vestnik_search_terms(body) FROM messages WHERE NOT deleted;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN NOT new.deleted
BEGIN
    INSERT INTO messages_search (rowid, terms) VALUES (new.id, vestnik_search_terms(new.body));
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
    DELETE FROM messages_search WHERE rowid = old.id;
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF body, deleted ON messages
BEGIN
    DELETE FROM messages_search WHERE rowid = old.id;
    INSERT INTO messages_search (rowid, terms) SELECT new.id, vestnik_search_terms(new.body) WHERE NOT new.deleted;
END;

-- The word-for-word index of V1 is no longer read; its triggers go, so writes pay for one index.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
INSERT INTO messages_fts (messages_fts) VALUES ('delete-all');
