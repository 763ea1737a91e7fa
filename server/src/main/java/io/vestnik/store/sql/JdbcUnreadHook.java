package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.store.UnreadHook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** {@link UnreadHook} over SQL: one transaction finds the members due, writes their events and moves their mark. */
final class JdbcUnreadHook implements UnreadHook {
    static final int PREVIEW_CHARS = 140;

    private final Db db;

    JdbcUnreadHook(Db db) {
        this.db = db;
    }

    private record Due(long chatId, long userId, long lastSeq, long unread) {}

    @Override
    public int announce(Instant storedBefore, Instant now, int limit) {
        return db.write(h -> {
            if (!Outbox.subscribed(h, EventType.MESSAGE_UNREAD)) return 0;
            List<Due> due = due(h, storedBefore, limit);
            for (Due d : due) announce(h, d, now);
            return due.size();
        });
    }

    /** Members with unread messages old enough; a blocked sender's messages neither count nor make a member due. */
    private List<Due> due(Handle h, Instant storedBefore, int limit) {
        return h.createQuery("""
                        SELECT cm.chat_id, cm.user_id, c.last_seq,
                               (SELECT count(*) FROM messages u WHERE u.chat_id = cm.chat_id AND u.seq > cm.last_read_seq
                                  AND u.sender_id <> cm.user_id AND u.deleted = FALSE AND u.shown_in_chat
                                  AND""" + BlockedSenders.notBlockedBy("cm.user_id", "u.sender_id") + """
                        ) AS unread
                        FROM chat_members cm JOIN chats c ON c.id = cm.chat_id
                        WHERE c.last_seq > cm.last_read_seq AND c.last_seq > cm.unread_hook_seq
                          AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = cm.chat_id
                                      AND m.seq > cm.last_read_seq AND m.seq > cm.unread_hook_seq
                                      AND m.sender_id <> cm.user_id AND m.deleted = FALSE AND m.shown_in_chat
                                      AND m.created_at <= :before
                                      AND""" + BlockedSenders.notBlockedBy("cm.user_id", "m.sender_id") + """
                        )
                        ORDER BY cm.chat_id, cm.user_id LIMIT :limit""" + db.dialect().skipLocked("cm"))
                .bind("before", Rows.millis(storedBefore))
                .bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getLong("chat_id"), rs.getLong("user_id"), rs.getLong("last_seq"), rs.getLong("unread")))
                .list();
    }

    /** Ordered per member and chat (its own stream): the member's row lock, not the chat's, orders these. */
    private static void announce(Handle h, Due d, Instant now) {
        h.createUpdate("UPDATE chat_members SET unread_hook_seq = :seq WHERE chat_id = :chat AND user_id = :user")
                .bind("seq", d.lastSeq())
                .bind("chat", d.chatId())
                .bind("user", d.userId())
                .execute();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chat_id", d.chatId());
        data.put("recipient", Outbox.person(h, d.userId()));
        data.put("unread_count", d.unread());
        data.put("last_message", lastUnread(h, d));
        Outbox.record(h, EventType.MESSAGE_UNREAD, Outbox.chat(d.chatId()) + ":unread:" + d.userId(), data, now);
    }

    /** The newest message the member has not read, of another sender they do not block, with a preview of its body. */
    private static Map<String, Object> lastUnread(Handle h, Due d) {
        return h.createQuery("""
                        SELECT seq, sender_id, body, created_at FROM messages
                        WHERE chat_id = :chat AND seq > (SELECT last_read_seq FROM chat_members WHERE chat_id = :chat AND user_id = :user)
                          AND sender_id <> :user AND deleted = FALSE AND shown_in_chat
                          AND""" + BlockedSenders.notBlockedBy(":user", "messages.sender_id") + """
                        ORDER BY seq DESC LIMIT 1""")
                .bind("chat", d.chatId())
                .bind("user", d.userId())
                .map((rs, ctx) -> {
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("seq", rs.getLong("seq"));
                    message.put("sender", Outbox.person(h, rs.getLong("sender_id")));
                    String body = rs.getString("body");
                    message.put("preview", body.length() > PREVIEW_CHARS ? body.substring(0, PREVIEW_CHARS) + "…" : body);
                    message.put("created_at", Rows.instant(rs, "created_at"));
                    return message;
                })
                .one();
    }
}
