package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageState;
import io.vestnik.store.StreamStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Streamed bodies over SQL: each call is one transaction that first locks the chat row (an
 * {@code UPDATE chats} that changes nothing, as appends take the same lock), so calls for one chat
 * — and the appends of new messages — run one at a time in PostgreSQL; SQLite has one writer.
 * Lengths are measured in Java (UTF-16 units), not by SQL {@code length}, which counts code points.
 */
final class JdbcStreamStore implements StreamStore {
    private final Db db;

    JdbcStreamStore(Db db) {
        this.db = db;
    }

    @Override
    public Applied append(long chatId, long seq, Long senderId, int offset, String text, int maxLength, Instant now) {
        return db.write(h -> {
            Optional<Message> found = locked(h, chatId, seq, senderId);
            if (found.isEmpty()) return new Applied(Outcome.NOT_FOUND, 0, "", 0);
            Message m = found.get();
            String body = m.body();
            if (m.state() == MessageState.COMPLETE) return new Applied(Outcome.COMPLETE, 0, "", body.length());
            Applied applied = Deltas.apply(body, offset, text, maxLength);
            if (applied.outcome() != Outcome.APPENDED) return applied;
            h.createUpdate("UPDATE messages SET body = body || :text, stream_touched_at = :now WHERE id = :id")
                    .bind("text", applied.text())
                    .bind("now", Rows.millis(now))
                    .bind("id", m.id())
                    .execute();
            JdbcChatStore.bumpVersion(h, chatId);
            return applied;
        });
    }

    @Override
    public Optional<Finished> finish(long chatId, long seq, Long senderId, String body, Instant now) {
        return db.write(h -> locked(h, chatId, seq, senderId).map(m -> m.state() == MessageState.COMPLETE
                ? new Finished(m, false)
                : new Finished(complete(h, m, body, now), true)));
    }

    @Override
    public List<Message> finishIdle(Instant idleSince, int limit, Instant now) {
        List<long[]> idle = db.read(h -> h.createQuery("""
                        SELECT chat_id, seq FROM messages WHERE streaming AND stream_touched_at < :since
                        ORDER BY stream_touched_at LIMIT :limit""")
                .bind("since", Rows.millis(idleSince))
                .bind("limit", limit)
                .map((rs, ctx) -> new long[] {rs.getLong("chat_id"), rs.getLong("seq")})
                .list());
        List<Message> finished = new ArrayList<>();
        for (long[] ref : idle) {
            db.write(h -> locked(h, ref[0], ref[1], null)
                    .filter(m -> m.state() == MessageState.STREAMING && touchedAt(h, m) < Rows.millis(idleSince))
                    .map(m -> complete(h, m, null, now)))
                    .ifPresent(finished::add);
        }
        return finished;
    }

    /** The live message, read after taking the chat row's lock; empty if missing, deleted, or not {@code senderId}'s. */
    private static Optional<Message> locked(Handle h, long chatId, long seq, Long senderId) {
        if (!JdbcChatStore.lock(h, chatId)) return Optional.empty();
        return MessageRows.find(h, chatId, seq)
                .filter(m -> !m.deleted() && (senderId == null || m.senderId() == senderId));
    }

    private static long touchedAt(Handle h, Message m) {
        return h.createQuery("SELECT stream_touched_at FROM messages WHERE id = :id")
                .bind("id", m.id())
                .mapTo(Long.class)
                .one();
    }

    private static Message complete(Handle h, Message m, String body, Instant now) {
        h.createUpdate("""
                        UPDATE messages SET streaming = FALSE, stream_touched_at = NULL, body = COALESCE(:body, body)
                        WHERE id = :id""")
                .bindByType("body", body, String.class)
                .bind("id", m.id())
                .execute();
        JdbcChatStore.bumpVersion(h, m.chatId());
        Message finished = MessageRows.find(h, m.chatId(), m.seq()).orElseThrow();
        Outbox.message(h, EventType.MESSAGE_UPDATED, finished, now);
        return finished;
    }
}
