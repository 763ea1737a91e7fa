package io.vestnik.store.sql;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import io.vestnik.domain.MessageState;
import io.vestnik.domain.ThreadSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** Reads messages with their attachments, for every store that returns messages. */
final class MessageRows {
    private MessageRows() {}

    static final String COLUMNS = """
            m.id, m.chat_id, m.seq, m.sender_id, m.body, m.client_id, m.created_at, m.edited_at,
            m.deleted, m.reply_to_seq, m.forwarded_chat_id, m.forwarded_seq, m.streaming, m.thread_root_seq,
            m.shown_in_chat, m.thread_reply_count, m.thread_last_reply_at, m.thread_last_reply_seq""";

    private static final RowMapper<Message> MESSAGE = (rs, ctx) -> {
        Long forwardedChat = Rows.longOrNull(rs, "forwarded_chat_id");
        MessageRef forwarded = forwardedChat == null ? null : new MessageRef(forwardedChat, rs.getLong("forwarded_seq"));
        return new Message(rs.getLong("id"), rs.getLong("chat_id"), rs.getLong("seq"), rs.getLong("sender_id"),
                rs.getString("body"), rs.getString("client_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "edited_at"), rs.getBoolean("deleted"), Rows.longOrNull(rs, "reply_to_seq"),
                forwarded, List.of(), MessageState.of(rs.getBoolean("streaming")), List.of(),
                Rows.longOrNull(rs, "thread_root_seq"), rs.getBoolean("shown_in_chat"), thread(rs));
    };

    /** Null until the first reply. */
    private static ThreadSummary thread(java.sql.ResultSet rs) throws java.sql.SQLException {
        long replies = rs.getLong("thread_reply_count");
        return replies == 0 ? null
                : new ThreadSummary(replies, Rows.instant(rs, "thread_last_reply_at"), rs.getLong("thread_last_reply_seq"));
    }

    static Optional<Message> find(Handle h, long chatId, long seq) {
        Query query = h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.chat_id = :chat AND m.seq = :seq")
                .bind("chat", chatId)
                .bind("seq", seq);
        return list(h, query).stream().findFirst();
    }

    /**
     * Up to {@code limit} messages of the chat meeting {@code conditionAndOrder} (which binds
     * {@code :seq} and any of {@code binds}), in its order.
     */
    static List<Message> page(Handle h, long chatId, String conditionAndOrder, long seq, int limit, Map<String, ?> binds) {
        return list(h, h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.chat_id = :chat AND "
                        + conditionAndOrder + " LIMIT :limit")
                .bind("chat", chatId)
                .bind("seq", seq)
                .bind("limit", limit)
                .bindMap(binds));
    }

    /** Runs a query selecting {@link #COLUMNS} and fills in each message's attachments. */
    static List<Message> list(Handle h, Query query) {
        return withAttachments(h, query.map(MESSAGE).list());
    }

    private static List<Message> withAttachments(Handle h, List<Message> messages) {
        if (messages.isEmpty()) return messages;
        Map<Long, List<Attachment>> byMessage = attachmentsOf(h, messages.stream().map(Message::id).toList());
        List<Message> filled = new ArrayList<>(messages.size());
        for (Message m : messages) {
            filled.add(m.withAttachments(byMessage.getOrDefault(m.id(), List.of())));
        }
        return filled;
    }

    private static Map<Long, List<Attachment>> attachmentsOf(Handle h, List<Long> messageIds) {
        Query query = h.createQuery("SELECT message_id, " + Rows.ATTACHMENT_COLUMNS
                        + " FROM attachments WHERE message_id IN (<ids>) ORDER BY id")
                .bindList("ids", messageIds);
        return Rows.grouped(query, "message_id", Rows.ATTACHMENT);
    }
}
