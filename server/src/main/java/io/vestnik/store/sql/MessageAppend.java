package io.vestnik.store.sql;

import io.vestnik.domain.Message;
import io.vestnik.domain.MessageState;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One append: checks, then the chat row's counter, then the message (and, for a reply in a
 * thread, its root's summary and participants: {@link ThreadReplies}). The {@code UPDATE chats ...
 * RETURNING} takes the chat row's lock, so appends to one chat queue there and seqs come out
 * gapless. The same update moves the chat's version (a cache validating against it sees the
 * message) and returns it, so the caller's cache needs no second read.
 *
 * <p>{@link #in} runs inside a transaction the caller owns (a group commit): every
 * check that can refuse runs before anything is written, so a {@link Refused} append leaves the
 * transaction as it found it. {@link #alone} is one append in its own transaction.
 */
final class MessageAppend {
    private MessageAppend() {}

    /**
     * Thrown when the insert met a unique key where a racing twin (another node's transaction) stored
     * the clientId first; the chat's counter was already moved, so the transaction must roll back.
     * The chat lock taken before the lookup makes this a safety net: only tables that still have
     * the key (SQLite's, PostgreSQL's before partitioning) can throw it.
     */
    static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    static Appended alone(Db db, NewMessage m) {
        try {
            return db.write(h -> {
                Appended appended = in(db, h, m);
                if (appended.created()) Outbox.created(h, List.of(appended.message()));
                return appended;
            });
        } catch (LostRace race) {
            return db.read(h -> repeated(h, m, checkMember(h, db.dialect(), m).version())).orElseThrow();
        }
    }

    /**
     * The append inside {@code h}'s transaction; sees what the transaction already appended, so a
     * second copy of a clientId in one batch returns the first.
     *
     * @throws Refused before writing anything
     * @throws LostRace after writing: roll the transaction back
     */
    static Appended in(Db db, Handle h, NewMessage m) {
        ChatRow chat = checkMember(h, db.dialect(), m);
        return repeated(h, m, chat.version()).orElseGet(() -> store(db, h, m, chat.slowModeSeconds()));
    }

    /**
     * The sender's earlier message with this clientId; membership is checked. Looked for under the
     * chat row's lock, which {@link #checkMember} takes: a partitioned messages table has no unique
     * key on the clientId (its keys must hold created_at), so a racing twin must find the first
     * copy here.
     */
    private static Optional<Appended> repeated(Handle h, NewMessage m, long version) {
        if (m.clientId() == null) return Optional.empty();
        return h.createQuery("SELECT seq FROM messages WHERE chat_id = :chat AND sender_id = :sender AND client_id = :client")
                .bind("chat", m.chatId())
                .bind("sender", m.senderId())
                .bind("client", m.clientId())
                .mapTo(Long.class)
                .findOne()
                .flatMap(seq -> MessageRows.find(h, m.chatId(), seq))
                .map(found -> new Appended(found, false, version));
    }

    private record ChatRow(long version, int slowModeSeconds) {}

    /** The chat's version and slow mode when the sender is a member; locks the chat's row. */
    private static ChatRow checkMember(Handle h, Dialect dialect, NewMessage m) {
        Optional<long[]> chat = h.createQuery("""
                        SELECT (SELECT count(*) FROM chat_members WHERE chat_id = :chat AND user_id = :sender),
                               version, slow_mode_seconds
                        FROM chats WHERE id = :chat""" + dialect.forUpdate("chats"))
                .bind("chat", m.chatId())
                .bind("sender", m.senderId())
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .findOne();
        if (chat.isEmpty()) throw new Refused(Refusal.NO_SUCH_CHAT);
        if (chat.get()[0] == 0) throw new Refused(Refusal.NOT_MEMBER);
        return new ChatRow(chat.get()[1], (int) chat.get()[2]);
    }

    private static Appended store(Db db, Handle h, NewMessage m, int slowModeSeconds) {
        SendBans.of(h, db.dialect(), List.of(m)).getFirst().ifPresent(refused -> {
            throw refused;
        });
        checkReplyTo(h, m);
        ThreadReplies.Root root = m.threadRootSeq() == null ? null : ThreadReplies.root(h, m);
        List<Long> attachments = m.attachmentIds() == null ? List.of() : List.copyOf(m.attachmentIds());
        checkAttachments(h, m.senderId(), attachments);
        SlowMode.claim(h, m.chatId(), m.senderId(), slowModeSeconds, m.now()).ifPresent(refused -> {
            throw refused;
        });
        Counter counter = nextSeq(h, m);
        long id = insert(h, m, root, counter.seq()).orElseThrow(LostRace::new);
        Message threadRoot = root == null ? null : ThreadReplies.attach(db, h, m, root, counter.seq());
        if (attachments.isEmpty()) {
            return new Appended(stored(m, id, counter.seq(), root), true, counter.version(), threadRoot);
        }
        h.createUpdate("UPDATE attachments SET chat_id = :chat, message_id = :message WHERE id IN (<ids>)")
                .bind("chat", m.chatId())
                .bind("message", id)
                .bindList("ids", attachments)
                .execute();
        return new Appended(MessageRows.find(h, m.chatId(), counter.seq()).orElseThrow(), true, counter.version(),
                threadRoot);
    }

    /** The message as a read of its row would return it (times at millisecond precision), without the read. */
    static Message stored(NewMessage m, long id, long seq) {
        return stored(m, id, seq, null);
    }

    /** {@code root}: the thread the message replies in, or null. */
    private static Message stored(NewMessage m, long id, long seq, ThreadReplies.Root root) {
        return new Message(id, m.chatId(), seq, m.senderId(), m.body(), m.clientId(),
                Instant.ofEpochMilli(Rows.millis(m.now())), null, false, m.replyToSeq(), m.forwardedFrom(), List.of(),
                MessageState.of(m.streaming()), List.of(), root == null ? null : root.seq(),
                root == null || m.shownInChat(), null);
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

    /**
     * An UPDATE that changes nothing, rather than a SELECT, so that on PostgreSQL it locks the rows
     * it counts: the cleanup job's removal of an unsent upload (which re-checks "not sent") then
     * either ran first, and the row is not counted, or waits and keeps the row this message takes.
     */
    private static void checkAttachments(Handle h, long senderId, List<Long> ids) {
        if (ids.isEmpty()) return;
        long usable = h.createUpdate("""
                        UPDATE attachments SET message_id = NULL
                        WHERE id IN (<ids>) AND uploader_id = :sender AND message_id IS NULL""")
                .bindList("ids", ids)
                .bind("sender", senderId)
                .execute();
        if (usable != ids.stream().distinct().count()) throw new Refused(Refusal.ATTACHMENT_UNKNOWN);
    }

    private record Counter(long seq, long version) {}

    private static Counter nextSeq(Handle h, NewMessage m) {
        return h.createQuery("""
                        UPDATE chats SET last_seq = last_seq + 1, last_activity_at = :now, version = version + 1
                        WHERE id = :chat
                        RETURNING last_seq, version""")
                .bind("now", Rows.millis(m.now()))
                .bind("chat", m.chatId())
                .map((rs, ctx) -> new Counter(rs.getLong("last_seq"), rs.getLong("version")))
                .one();
    }

    /** Empty when a concurrent append with the same clientId committed first. */
    private static Optional<Long> insert(Handle h, NewMessage m, ThreadReplies.Root root, long seq) {
        return h.createQuery("""
                        INSERT INTO messages (chat_id, seq, sender_id, body, client_id, created_at,
                                              reply_to_seq, forwarded_chat_id, forwarded_seq, streaming, stream_touched_at,
                                              thread_root_seq, shown_in_chat)
                        VALUES (:chat, :seq, :sender, :body, :client, :now, :replyTo, :fwdChat, :fwdSeq,
                                :streaming, :touched, :threadRoot, :shown)
                        ON CONFLICT DO NOTHING
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
                .bind("streaming", m.streaming())
                .bindByType("touched", m.streaming() ? Rows.millis(m.now()) : null, Long.class)
                .bindByType("threadRoot", root == null ? null : root.seq(), Long.class)
                .bind("shown", root == null || m.shownInChat())
                .mapTo(Long.class)
                .findOne();
    }
}
