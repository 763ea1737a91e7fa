package io.vestnik.store.sql;

import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import io.vestnik.store.ThreadStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Threads over SQL: replies by the {@code messages_thread_replies} index, positions in {@code thread_participants}. */
final class JdbcThreadStore implements ThreadStore {
    /**
     * Live replies from others above the participant's position ({@code tp}), in the thread of root
     * {@code m}; not those of senders the participant blocks.
     */
    private static final String UNREAD = """
            (SELECT count(*) FROM messages r
             WHERE r.chat_id = tp.chat_id AND r.thread_root_seq = tp.root_seq AND r.seq > tp.read_seq
               AND r.sender_id <> tp.user_id AND r.deleted = FALSE
               AND""" + BlockedSenders.notBlockedBy("tp.user_id", "r.sender_id") + ")";

    private final Db db;

    JdbcThreadStore(Db db) {
        this.db = db;
    }

    @Override
    public List<Message> before(long chatId, long rootSeq, long beforeSeq, int limit) {
        return page(chatId, rootSeq, "m.seq < :seq ORDER BY m.seq DESC", beforeSeq, limit).reversed();
    }

    @Override
    public List<Message> after(long chatId, long rootSeq, long afterSeq, int limit) {
        return page(chatId, rootSeq, "m.seq > :seq ORDER BY m.seq", afterSeq, limit);
    }

    private List<Message> page(long chatId, long rootSeq, String conditionAndOrder, long seq, int limit) {
        return db.read(h -> MessageRows.page(h, chatId, "m.thread_root_seq = :root AND " + conditionAndOrder, seq, limit,
                Map.of("root", rootSeq)));
    }

    @Override
    public Optional<Position> markRead(long chatId, long rootSeq, long userId, long seq) {
        return db.write(h -> {
            Optional<Long> lastReply = lastReply(h, chatId, rootSeq);
            lastReply.ifPresent(last -> ThreadReplies.join(h,
                    List.of(new ThreadReplies.Participant(chatId, rootSeq, userId, Math.max(0, Math.min(seq, last))))));
            return lastReply.map(last -> position(h, chatId, rootSeq, userId));
        });
    }

    /** The thread's last reply, when {@code rootSeq} is the root of one. */
    private static Optional<Long> lastReply(Handle h, long chatId, long rootSeq) {
        return h.createQuery("""
                        SELECT thread_last_reply_seq FROM messages
                        WHERE chat_id = :chat AND seq = :root AND thread_reply_count > 0""")
                .bind("chat", chatId)
                .bind("root", rootSeq)
                .mapTo(Long.class)
                .findOne();
    }

    private static Position position(Handle h, long chatId, long rootSeq, long userId) {
        return h.createQuery("SELECT tp.read_seq, " + UNREAD + """
                         AS unread FROM thread_participants tp
                        WHERE tp.chat_id = :chat AND tp.root_seq = :root AND tp.user_id = :user""")
                .bind("chat", chatId)
                .bind("root", rootSeq)
                .bind("user", userId)
                .map((rs, ctx) -> new Position(rs.getLong("read_seq"), rs.getLong("unread")))
                .one();
    }

    /** Public, as JDBI binds it by its accessors. */
    public record Row(long chatId, long rootSeq, long readSeq, long unread) {}

    @Override
    public List<Followed> followed(long userId, boolean unreadOnly, int limit) {
        return db.read(h -> {
            List<Row> rows = h.createQuery("SELECT * FROM (SELECT tp.chat_id, tp.root_seq, tp.read_seq, "
                            + "m.thread_last_reply_at AS last_reply_at, " + UNREAD + """
                             AS unread
                            FROM thread_participants tp
                            JOIN chat_members cm ON cm.chat_id = tp.chat_id AND cm.user_id = tp.user_id
                            JOIN messages m ON m.chat_id = tp.chat_id AND m.seq = tp.root_seq
                            WHERE tp.user_id = :user) t
                            WHERE t.unread > 0 OR NOT :unreadOnly
                            ORDER BY t.last_reply_at DESC, t.chat_id, t.root_seq
                            LIMIT :limit""")
                    .bind("user", userId)
                    .bind("unreadOnly", unreadOnly)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Row(rs.getLong("chat_id"), rs.getLong("root_seq"), rs.getLong("read_seq"),
                            rs.getLong("unread")))
                    .list();
            Map<MessageRef, Message> roots = roots(h, rows);
            return rows.stream().map(r -> new Followed(roots.get(new MessageRef(r.chatId(), r.rootSeq())),
                    r.readSeq(), r.unread())).toList();
        });
    }

    /** The rows' roots, read in one query. */
    private static Map<MessageRef, Message> roots(Handle h, List<Row> rows) {
        if (rows.isEmpty()) return Map.of();
        List<Message> found = MessageRows.list(h, h.createQuery("SELECT " + MessageRows.COLUMNS
                        + " FROM messages m JOIN (VALUES <keys>) k ON m.chat_id = k.column1 AND m.seq = k.column2")
                .bindMethodsList("keys", rows, List.of("chatId", "rootSeq")));
        return found.stream().collect(Collectors.toMap(m -> new MessageRef(m.chatId(), m.seq()), m -> m));
    }
}
