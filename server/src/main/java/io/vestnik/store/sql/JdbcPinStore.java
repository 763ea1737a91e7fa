package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.domain.Message;
import io.vestnik.store.PinStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Pins over SQL. Only live messages can be pinned; deleting a message removes its pin. */
final class JdbcPinStore implements PinStore {
    private final Db db;

    JdbcPinStore(Db db) {
        this.db = db;
    }

    /** False also when the chat has no live message with that seq. */
    @Override
    public boolean pin(long chatId, long seq, long pinnedBy, Instant now) {
        return db.write(h -> logged(h, chatId, seq, true, now, h.createUpdate("""
                        INSERT INTO pins (chat_id, seq, pinned_by, pinned_at)
                        SELECT chat_id, seq, :by, :now FROM messages
                        WHERE chat_id = :chat AND seq = :seq AND deleted = FALSE
                        ON CONFLICT DO NOTHING""")
                .bind("by", pinnedBy)
                .bind("now", Rows.millis(now))
                .bind("chat", chatId)
                .bind("seq", seq)
                .execute()));
    }

    @Override
    public boolean unpin(long chatId, long seq, Instant now) {
        return db.write(h -> logged(h, chatId, seq, false, now, h.createUpdate("DELETE FROM pins WHERE chat_id = :chat AND seq = :seq")
                .bind("chat", chatId)
                .bind("seq", seq)
                .execute()));
    }

    /** True when the pin changed, which the chat's change log then records in the same transaction. */
    private boolean logged(Handle h, long chatId, long seq, boolean pinned, Instant now, int changedRows) {
        if (changedRows != 1) return false;
        ChangeLog.append(db, h, chatId, Change.MESSAGE_PINNED, seq, Map.of("pinned", pinned), now);
        return true;
    }

    @Override
    public List<Message> pinned(long chatId) {
        return db.read(h -> MessageRows.list(h, h.createQuery("SELECT " + MessageRows.COLUMNS + """
                         FROM pins p JOIN messages m ON m.chat_id = p.chat_id AND m.seq = p.seq
                        WHERE p.chat_id = :chat
                        ORDER BY p.pinned_at DESC, p.seq DESC""")
                .bind("chat", chatId)));
    }
}
