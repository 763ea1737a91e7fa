package io.vestnik.store.sql;

import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One append, as one transaction: checks, then the chat row's counter, then the message. The
 * {@code UPDATE chats ... RETURNING last_seq} takes the chat row's lock, so appends to one chat
 * queue there and seqs come out gapless; a refused or duplicate append rolls the counter back.
 * The same update moves the chat's version, so a cache validating against it sees the message.
 */
final class MessageAppend {
    private MessageAppend() {}

    /** Thrown inside the transaction to roll it back when a racing twin stored the clientId first. */
    private static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    static Appended append(Db db, NewMessage m) {
        try {
            return db.write(h -> existing(h, m)
                    .map(found -> new Appended(found, false))
                    .orElseGet(() -> new Appended(store(h, m), true)));
        } catch (LostRace race) {
            return new Appended(db.read(h -> existing(h, m)).orElseThrow(), false);
        }
    }

    private static Optional<Message> existing(Handle h, NewMessage m) {
        checkMember(h, m);
        if (m.clientId() == null) return Optional.empty();
        return h.createQuery("SELECT seq FROM messages WHERE chat_id = :chat AND sender_id = :sender AND client_id = :client")
                .bind("chat", m.chatId())
                .bind("sender", m.senderId())
                .bind("client", m.clientId())
                .mapTo(Long.class)
                .findOne()
                .flatMap(seq -> MessageRows.find(h, m.chatId(), seq));
    }

    private static void checkMember(Handle h, NewMessage m) {
        Optional<Integer> member = h.createQuery("""
                        SELECT (SELECT count(*) FROM chat_members WHERE chat_id = :chat AND user_id = :sender)
                        FROM chats WHERE id = :chat""")
                .bind("chat", m.chatId())
                .bind("sender", m.senderId())
                .mapTo(Integer.class)
                .findOne();
        if (member.isEmpty()) throw new Refused(Refusal.NO_SUCH_CHAT);
        if (member.get() == 0) throw new Refused(Refusal.NOT_MEMBER);
    }

    private static Message store(Handle h, NewMessage m) {
        checkReplyTo(h, m);
        List<Long> attachments = m.attachmentIds() == null ? List.of() : List.copyOf(m.attachmentIds());
        checkAttachments(h, m.senderId(), attachments);
        long seq = nextSeq(h, m);
        long id = insert(h, m, seq).orElseThrow(LostRace::new);
        if (!attachments.isEmpty()) {
            h.createUpdate("UPDATE attachments SET chat_id = :chat, message_id = :message WHERE id IN (<ids>)")
                    .bind("chat", m.chatId())
                    .bind("message", id)
                    .bindList("ids", attachments)
                    .execute();
        }
        return MessageRows.find(h, m.chatId(), seq).orElseThrow();
    }

    private static void checkReplyTo(Handle h, NewMessage m) {
        if (m.replyToSeq() == null) return;
        boolean exists = h.createQuery("SELECT 1 FROM messages WHERE chat_id = :chat AND seq = :seq")
                .bind("chat", m.chatId())
                .bind("seq", m.replyToSeq())
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
        if (!exists) throw new Refused(Refusal.REPLY_TO_UNKNOWN);
    }

    private static void checkAttachments(Handle h, long senderId, List<Long> ids) {
        if (ids.isEmpty()) return;
        long usable = h.createQuery("""
                        SELECT count(*) FROM attachments
                        WHERE id IN (<ids>) AND uploader_id = :sender AND message_id IS NULL""")
                .bindList("ids", ids)
                .bind("sender", senderId)
                .mapTo(Long.class)
                .one();
        if (usable != ids.stream().distinct().count()) throw new Refused(Refusal.ATTACHMENT_UNKNOWN);
    }

    private static long nextSeq(Handle h, NewMessage m) {
        return h.createQuery("""
                        UPDATE chats SET last_seq = last_seq + 1, last_activity_at = :now, version = version + 1
                        WHERE id = :chat
                        RETURNING last_seq""")
                .bind("now", Rows.millis(m.now()))
                .bind("chat", m.chatId())
                .mapTo(Long.class)
                .one();
    }

    /** Empty when a concurrent append with the same clientId committed first. */
    private static Optional<Long> insert(Handle h, NewMessage m, long seq) {
        return h.createQuery("""
                        INSERT INTO messages (chat_id, seq, sender_id, body, client_id, created_at,
                                              reply_to_seq, forwarded_chat_id, forwarded_seq)
                        VALUES (:chat, :seq, :sender, :body, :client, :now, :replyTo, :fwdChat, :fwdSeq)
                        ON CONFLICT (chat_id, sender_id, client_id) DO NOTHING
                        RETURNING id""")
                .bind("chat", m.chatId())
                .bind("seq", seq)
                .bind("sender", m.senderId())
                .bind("body", m.body())
                .bind("client", m.clientId())
                .bind("now", Rows.millis(m.now()))
                .bind("replyTo", m.replyToSeq())
                .bind("fwdChat", m.forwardedFrom() == null ? null : m.forwardedFrom().chatId())
                .bind("fwdSeq", m.forwardedFrom() == null ? null : m.forwardedFrom().seq())
                .mapTo(Long.class)
                .findOne();
    }
}
