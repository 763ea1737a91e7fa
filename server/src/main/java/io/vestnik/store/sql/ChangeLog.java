package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes a chat's change into its change log inside the caller's transaction (decision 0029):
 * the one call a store makes for every change clients must receive in order and get back on
 * resume. The chat's counter row is bumped first, so its lock orders the chat's changes, numbers
 * are gap-free and a rolled-back change leaves none. After the commit, and only then, the
 * change goes to the {@link io.vestnik.store.ChangeStore#onCommitted} listener, which publishes it.
 */
final class ChangeLog {
    private ChangeLog() {}

    /**
     * Logs one change of {@code kind} to message {@code seq} (0: the chat itself); {@code data}
     * becomes the event's own fields. Call it in the transaction that makes the change, and only
     * when something did change (a repeat logs nothing).
     */
    static Change append(Db db, Handle h, long chatId, String kind, long seq, Map<String, ?> data, Instant now) {
        long number = h.createQuery("""
                        INSERT INTO chat_change_counters (chat_id, last_number) VALUES (:chat, 1)
                        ON CONFLICT (chat_id) DO UPDATE SET last_number = chat_change_counters.last_number + 1
                        RETURNING last_number""")
                .bind("chat", chatId)
                .mapTo(Long.class)
                .one();
        Change change = new Change(chatId, number, kind, seq, Outbox.json(data), Instant.ofEpochMilli(Rows.millis(now)));
        h.createUpdate("""
                        INSERT INTO chat_changes (chat_id, number, kind, seq, data, created_at)
                        VALUES (:chat, :number, :kind, :seq, :data, :now)""")
                .bind("chat", chatId)
                .bind("number", number)
                .bind("kind", kind)
                .bind("seq", seq)
                .bind("data", change.data())
                .bind("now", Rows.millis(now))
                .execute();
        h.afterCommit(() -> db.committed(change));
        return change;
    }
}
