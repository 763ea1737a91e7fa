package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.domain.EventType;
import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Messages over SQL; appends go through {@link GroupCommit}; search is {@link SqlSearch}. */
final class JdbcMessageStore implements MessageStore {
    private final Db db;
    private final GroupCommit appends;

    JdbcMessageStore(Db db, GroupCommit appends) {
        this.db = db;
        this.appends = appends;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Appended> appendQueued(NewMessage message) {
        return appends.submit(message);
    }

    @Override
    public Optional<Message> find(long chatId, long seq) {
        return db.read(h -> MessageRows.find(h, chatId, seq));
    }

    @Override
    public List<Message> before(long chatId, long beforeSeq, int limit) {
        List<Message> newestFirst = page(chatId, "m.seq < :seq ORDER BY m.seq DESC", beforeSeq, limit);
        return newestFirst.reversed();
    }

    @Override
    public List<Message> after(long chatId, long afterSeq, int limit) {
        return page(chatId, "m.seq > :seq ORDER BY m.seq", afterSeq, limit);
    }

    @Override
    public List<Message> shownBefore(long chatId, long beforeSeq, int limit) {
        return page(chatId, "m.shown_in_chat AND m.seq < :seq ORDER BY m.seq DESC", beforeSeq, limit).reversed();
    }

    @Override
    public List<Message> shownAfter(long chatId, long afterSeq, int limit) {
        return page(chatId, "m.shown_in_chat AND m.seq > :seq ORDER BY m.seq", afterSeq, limit);
    }

    private List<Message> page(long chatId, String conditionAndOrder, long seq, int limit) {
        return db.read(h -> MessageRows.page(h, chatId, conditionAndOrder, seq, limit, Map.of()));
    }

    @Override
    public Optional<Message> edit(long chatId, long seq, String body, Instant now) {
        return db.write(h -> {
            Optional<Message> edited = updateLive(h, chatId, seq, "body = :body, edited_at = :now", body, now);
            edited.ifPresent(m -> {
                Outbox.message(h, EventType.MESSAGE_UPDATED, m, now);
                ChangeLog.append(db, h, chatId, Change.MESSAGE_UPDATED, seq, Map.of(), now);
            });
            return edited;
        });
    }

    /**
     * The tombstone keeps no body, no attachments (their files are deleted), no pin and no reactions;
     * it records who deleted it. The webhook event's data adds {@code deleted_by}.
     */
    @Override
    public Optional<Message> delete(long chatId, long seq, Long deletedBy, Instant now) {
        return db.write(h -> {
            Optional<Message> tombstone = updateLive(h, chatId, seq, "body = :body, deleted = TRUE, streaming = FALSE, stream_touched_at = NULL", "", now);
            tombstone.ifPresent(m -> {
                h.createUpdate("UPDATE messages SET deleted_by = :by WHERE id = :id")
                        .bindByType("by", deletedBy, Long.class)
                        .bind("id", m.id())
                        .execute();
                h.createUpdate("DELETE FROM attachments WHERE message_id = :id").bind("id", m.id()).execute();
                for (String table : List.of("pins", "reactions")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :chat AND seq = :seq")
                            .bind("chat", chatId)
                            .bind("seq", seq)
                            .execute();
                }
            });
            Optional<Message> deleted = tombstone.flatMap(m -> MessageRows.find(h, chatId, seq));
            deleted.ifPresent(m -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("chat_id", chatId);
                data.put("message", m);
                data.put("deleted_by", deletedBy);
                Outbox.record(h, EventType.MESSAGE_DELETED, Outbox.chat(chatId), data, now);
                ChangeLog.append(db, h, chatId, Change.MESSAGE_DELETED, seq,
                        java.util.Collections.singletonMap("deleted_by", deletedBy), now);
            });
            return deleted;
        });
    }

    /** The chat's row is locked before the message's: {@link JdbcChatStore#lock}'s order, which a reply to this message takes too. */
    private static Optional<Message> updateLive(Handle h, long chatId, long seq, String set, String body, Instant now) {
        if (!JdbcChatStore.lock(h, chatId)) return Optional.empty();
        int changed = h.createUpdate("UPDATE messages SET " + set
                        + " WHERE chat_id = :chat AND seq = :seq AND deleted = FALSE")
                .bind("body", body)
                .bind("now", Rows.millis(now))
                .bind("chat", chatId)
                .bind("seq", seq)
                .execute();
        if (changed == 0) return Optional.empty();
        JdbcChatStore.bumpVersion(h, chatId);
        return MessageRows.find(h, chatId, seq);
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return db.write(h -> MessageRetention.deleteOlderThan(h, "messages", Rows.millis(before), limit));
    }

    @Override
    public List<Message> search(SearchQuery query) {
        return SqlSearch.run(db, query);
    }
}
