package io.vestnik.store;

import io.vestnik.domain.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bodies of streamed messages while they grow (decision 0015). A streaming message is created
 * by {@link MessageStore#append} with {@code streaming}; here its body grows by deltas and it is
 * finished. Thread-safe; blocking.
 *
 * <p><b>Durability.</b> Every call commits before it returns: an appended delta is in the body as
 * soon as {@link #append} returns {@link Outcome#APPENDED}, so a node crash loses no acknowledged
 * delta. <b>Ordering.</b> Calls for one chat are serialised by the chat row's lock (as appends
 * are); a message's body only grows while it streams. Every change moves the chat's
 * {@link ChatStore#version}, so cached copies of the message are never used stale.
 *
 * <p><b>Offsets</b> count UTF-16 code units of the body (Java's and JavaScript's string length).
 */
public interface StreamStore {

    /** What became of a delta; only {@link #APPENDED} changed anything. */
    enum Outcome {
        /** {@link Applied#text} was appended at {@link Applied#offset}. */
        APPENDED,
        /** The body already holds the text at that offset (a retried delta): nothing to do. */
        ALREADY_APPLIED,
        /** The offset is past the body's end: a delta before it is missing. */
        GAP,
        /** The body holds other text at that offset. */
        MISMATCH,
        /** The body would pass its limit. */
        TOO_LONG,
        /** The message is complete (finished, never streamed, or deleted by moderation). */
        COMPLETE,
        /** No such message, or (when a sender is given) not that sender's. */
        NOT_FOUND
    }

    /**
     * @param offset where the new text went (the body's old length), for {@link Outcome#APPENDED}
     * @param text   the new text: the delta's part past the old end (a retry that overlaps the end
     *               appends only what is new)
     * @param length the body's length after the call, when the message exists
     */
    record Applied(Outcome outcome, int offset, String text, int length) {}

    /**
     * Appends {@code text} at {@code offset} of the streaming message's body. The part of
     * {@code text} that falls inside the body must equal what is there (else {@link Outcome#MISMATCH});
     * the rest is appended. Idempotent: the same delta again is {@link Outcome#ALREADY_APPLIED}.
     *
     * @param senderId the only sender whose message may grow; null for any (the host's servers)
     * @param maxLength the most the body may hold
     */
    Applied append(long chatId, long seq, Long senderId, int offset, String text, int maxLength, Instant now);

    /** {@code changed} is false when the message was complete already. */
    record Finished(Message message, boolean changed) {}

    /**
     * Makes the message complete, with {@code body} as its final text when given (else the text so
     * far). Idempotent: finishing a complete message returns it as stored and changes nothing.
     * Writes {@code message.updated} into the webhook outbox in the same transaction when it changes.
     * Empty when there is no such live message (or, with {@code senderId}, not that sender's).
     */
    Optional<Finished> finish(long chatId, long seq, Long senderId, String body, Instant now);

    /**
     * Finishes, with the text they have, up to {@code limit} streams whose last delta (or start) was
     * before {@code idleSince}; returns those this call finished. A stream that got a delta
     * meanwhile, or that another caller (another node) finished first, is left out, so each stream
     * is finished once however many nodes sweep at once.
     */
    List<Message> finishIdle(Instant idleSince, int limit, Instant now);
}
