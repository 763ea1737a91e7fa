package io.vestnik.store.sql;

import io.vestnik.store.ChatStore.MemberState;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Each member's own state of a chat (archived, muted, marked unread, hidden), kept on their chat_members row. */
final class MemberStates {
    private MemberStates() {}

    private static final String COLUMNS = "chat_id, archived, muted, muted_until, marked_unread";

    private static final RowMapper<MemberState> STATE = (rs, ctx) -> new MemberState(rs.getBoolean("archived"),
            rs.getBoolean("muted"), Rows.instant(rs, "muted_until"), rs.getBoolean("marked_unread"));

    static Optional<MemberState> find(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .map(STATE)
                .findOne();
    }

    static Map<Long, MemberState> ofUser(Handle h, long userId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM chat_members WHERE user_id = :user AND (archived OR muted OR marked_unread)")
                .bind("user", userId)
                .map((rs, ctx) -> Map.entry(rs.getLong("chat_id"), STATE.map(rs, ctx)))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static boolean put(Handle h, long chatId, long userId, MemberState state) {
        return h.createUpdate("""
                        UPDATE chat_members SET archived = :archived, muted = :muted, muted_until = :until,
                               marked_unread = :marked
                        WHERE chat_id = :chat AND user_id = :user""")
                .bind("archived", state.archived())
                .bind("muted", state.muted())
                .bind("until", Rows.millisOrNull(state.mutedUntil()))
                .bind("marked", state.markedUnread())
                .bind("chat", chatId)
                .bind("user", userId)
                .execute() == 1;
    }

    static boolean hide(Handle h, long chatId, long userId) {
        return h.createUpdate("""
                        UPDATE chat_members SET hidden_seq = (SELECT last_seq FROM chats WHERE id = :chat)
                        WHERE chat_id = :chat AND user_id = :user""")
                .bind("chat", chatId)
                .bind("user", userId)
                .execute() == 1;
    }

    /** Reading the chat ends "marked unread", whether or not the read position moves. */
    static void clearMarkedUnread(Handle h, long chatId, long userId) {
        h.createUpdate("UPDATE chat_members SET marked_unread = :off WHERE chat_id = :chat AND user_id = :user AND marked_unread")
                .bind("off", false)
                .bind("chat", chatId)
                .bind("user", userId)
                .execute();
    }
}
