package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The thread part of a reply's append, inside the append's transaction ({@link MessageAppend}):
 * finding the root before anything is written, then moving its summary, adding the
 * participants and logging the summary's change after the reply's row.
 */
final class ThreadReplies {
    private ThreadReplies() {}

    /** A thread's root: its seq and its author. */
    record Root(long seq, long authorId) {}

    /** Public, as JDBI binds it by its accessors. */
    public record Participant(long chatId, long rootSeq, long userId, long readSeq) {}

    /**
     * The root of the thread {@code m} replies in: the message it names, or that message's root
     * when it is itself a reply. Writes nothing.
     *
     * @throws Refused when there is no such message or the root is deleted
     */
    static Root root(Handle h, NewMessage m) {
        return h.createQuery("""
                        SELECT r.seq, r.sender_id FROM messages t
                        JOIN messages r ON r.chat_id = t.chat_id AND r.seq = COALESCE(t.thread_root_seq, t.seq)
                        WHERE t.chat_id = :chat AND t.seq = :target AND r.deleted = FALSE""")
                .bind("chat", m.chatId())
                .bind("target", m.threadRootSeq())
                .map((rs, ctx) -> new Root(rs.getLong("seq"), rs.getLong("sender_id")))
                .findOne()
                .orElseThrow(() -> new Refused(Refusal.THREAD_ROOT_UNKNOWN));
    }

    /**
     * After reply {@code seq} was inserted: the root counts it as its latest reply, the root's author
     * joins the thread (having read nothing yet, unless already in it) and so does the sender,
     * having read up to their own reply; the root's new summary is a {@code thread_updated} change
     * of the chat's log (decision 0029), about the reply, so no connection gets it before the
     * reply itself. Answers the root as this transaction left it.
     */
    static Message attach(Db db, Handle h, NewMessage m, Root root, long seq) {
        h.createUpdate("""
                        UPDATE messages SET thread_reply_count = thread_reply_count + 1,
                                            thread_last_reply_at = :now, thread_last_reply_seq = :seq
                        WHERE chat_id = :chat AND seq = :root""")
                .bind("now", Rows.millis(m.now()))
                .bind("seq", seq)
                .bind("chat", m.chatId())
                .bind("root", root.seq())
                .execute();
        Participant replier = new Participant(m.chatId(), root.seq(), m.senderId(), seq);
        join(h, root.authorId() == m.senderId() ? List.of(replier)
                : List.of(new Participant(m.chatId(), root.seq(), root.authorId(), 0), replier));
        Message updated = MessageRows.find(h, m.chatId(), root.seq()).orElseThrow();
        ChangeLog.append(db, h, m.chatId(), Change.THREAD_UPDATED, seq,
                Map.of("root_seq", root.seq(), "thread", updated.thread()), m.now());
        return updated;
    }

    /** Adds the participants, or moves the read position of those already in: forward only. */
    static void join(Handle h, List<Participant> participants) {
        h.createUpdate("""
                        INSERT INTO thread_participants (chat_id, root_seq, user_id, read_seq) VALUES <rows>
                        ON CONFLICT (chat_id, root_seq, user_id) DO UPDATE SET read_seq =
                            CASE WHEN excluded.read_seq > thread_participants.read_seq
                                 THEN excluded.read_seq ELSE thread_participants.read_seq END""")
                .bindMethodsList("rows", participants, List.of("chatId", "rootSeq", "userId", "readSeq"))
                .execute();
    }
}
