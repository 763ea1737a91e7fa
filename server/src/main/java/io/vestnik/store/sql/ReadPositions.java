package io.vestnik.store.sql;

import io.vestnik.store.ChatStore.Delivered;
import io.vestnik.store.ChatStore.Unread;
import io.vestnik.domain.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Members' read and delivered positions: forward-only, capped at the chat's last seq. */
final class ReadPositions {
    private ReadPositions() {}

    /** The "< :target" guard keeps the position monotonic even when two marks race; a move is a {@code message.read} event. */
    static long markRead(Handle h, long chatId, long userId, long seq, Instant now) {
        long target = Math.min(seq, lastSeq(h, chatId));
        if (!writes(h, chatId, userId, target)) return position(h, chatId, userId);
        // An append locks the chat, then (slow mode) the sender's member row: a mark that writes the
        // member's row and the chat's version takes them in that order too, or the two deadlock.
        JdbcChatStore.lock(h, chatId);
        MemberStates.clearMarkedUnread(h, chatId, userId);
        int moved = h.createUpdate("""
                        UPDATE chat_members SET last_read_seq = :target
                        WHERE chat_id = :chat AND user_id = :user AND last_read_seq < :target""")
                .bind("target", target)
                .bind("chat", chatId)
                .bind("user", userId)
                .execute();
        // Read positions are part of the members a cached chat holds; a mark that moves nothing changes nothing.
        if (moved == 0) return position(h, chatId, userId);
        JdbcChatStore.bumpVersion(h, chatId);
        long position = position(h, chatId, userId);
        Outbox.record(h, EventType.MESSAGE_READ, Outbox.chat(chatId),
                Map.of("chat_id", chatId, "user_id", userId, "seq", position), now);
        return position;
    }

    /** Whether the mark moves the position or clears "marked unread": most repeat a position, and lock nothing. */
    private static boolean writes(Handle h, long chatId, long userId, long target) {
        return h.createQuery("""
                        SELECT count(*) FROM chat_members
                        WHERE chat_id = :chat AND user_id = :user AND (last_read_seq < :target OR marked_unread)""")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("target", target)
                .mapTo(Integer.class)
                .one() > 0;
    }

    private static long lastSeq(Handle h, long chatId) {
        return h.createQuery("SELECT last_seq FROM chats WHERE id = :chat")
                .bind("chat", chatId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    private static long position(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT last_read_seq FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /**
     * The positions in direct and listing chats: groups keep none, and one read of the chats' kinds
     * spares a batch of updates that would all match nothing (in a big group, one per member every flush).
     */
    static List<Delivered> outsideGroups(Handle h, Collection<Delivered> positions) {
        Set<Long> kept = new HashSet<>(h.createQuery("SELECT id FROM chats WHERE id IN (<chats>) AND kind <> 'group'")
                .bindList("chats", positions.stream().map(Delivered::chatId).distinct().toList())
                .mapTo(Long.class)
                .list());
        return positions.stream().filter(p -> kept.contains(p.chatId())).toList();
    }

    /** One batch of updates; a group's subquery finds no row, so nothing is written for it. */
    static List<Delivered> markDelivered(Handle h, Collection<Delivered> positions) {
        PreparedBatch batch = h.prepareBatch("""
                UPDATE chat_members SET delivered_seq = :target
                WHERE chat_id = :chat AND user_id = :user AND delivered_seq < :target
                  AND :target <= (SELECT last_seq FROM chats WHERE id = :chat AND kind <> 'group')""");
        for (Delivered position : positions) {
            batch.bind("target", position.seq()).bind("chat", position.chatId()).bind("user", position.userId()).add();
        }
        int[] updated = batch.execute();
        List<Delivered> moved = new ArrayList<>();
        int i = 0;
        for (Delivered position : positions) if (updated[i++] > 0) moved.add(position);
        return moved;
    }

    /** Messages of senders the user blocks are not counted: the user is never shown them. */
    static List<Unread> unread(Handle h, long userId) {
        return h.createQuery("""
                        SELECT cm.chat_id, count(*) AS unread
                        FROM chat_members cm
                        JOIN messages m ON m.chat_id = cm.chat_id AND m.seq > cm.last_read_seq
                        WHERE cm.user_id = :user AND m.sender_id != :user AND m.deleted = FALSE AND m.shown_in_chat
                          AND""" + BlockedSenders.notBlockedBy(":user", "m.sender_id") + """
                        GROUP BY cm.chat_id
                        ORDER BY cm.chat_id""")
                .bind("user", userId)
                .map((rs, ctx) -> new Unread(rs.getLong("chat_id"), rs.getLong("unread")))
                .list();
    }
}
