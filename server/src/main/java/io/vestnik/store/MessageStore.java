package io.vestnik.store;

import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages of chats. Thread-safe; blocking.
 *
 * <p>Ordering and durability: {@link #append} assigns the chat's next {@code seq} in the same
 * transaction that stores the message, so seqs are gapless, never reused, and a returned message
 * is committed. Appends to one chat are serialised by the database (the chat row's lock), in the
 * order they arrive. Appends that arrive together may be committed in one transaction (group
 * commit), each still answered as if alone: only after that commit, a refused one refused alone.
 */
public interface MessageStore {

    /** {@code streaming}: the message starts {@link io.vestnik.domain.MessageState#STREAMING} (see {@link StreamStore}). */
    record NewMessage(long chatId, long senderId, String clientId, String body, Long replyToSeq,
                      MessageRef forwardedFrom, List<Long> attachmentIds, Instant now, boolean streaming) {

        /** A message complete from the start, as every message but a streamed reply. */
        public NewMessage(long chatId, long senderId, String clientId, String body, Long replyToSeq,
                          MessageRef forwardedFrom, List<Long> attachmentIds, Instant now) {
            this(chatId, senderId, clientId, body, replyToSeq, forwardedFrom, attachmentIds, now, false);
        }
    }

    /**
     * {@code created} is false when the sender had already sent this {@code clientId} to the chat.
     * {@code chatVersion} is the chat's {@link ChatStore#version} as this append left it: the one
     * its own commit produced when created, the one it read otherwise. It lets a cache update its
     * entry without asking storage again.
     */
    record Appended(Message message, boolean created, long chatVersion) {

        public Appended withMessage(Message replaced) {
            return new Appended(replaced, created, chatVersion);
        }
    }

    /**
     * Why an append was refused; nothing was stored. {@code MUTED}: the sender is muted in the chat;
     * {@code BLOCKED}: the sender is blocked from sending anywhere (see {@link ModerationStore});
     * {@code SLOW_MODE}: the chat has slow mode and the sender, a plain member, sent less than its
     * interval ago ({@code until}: when the next message may go).
     */
    enum Refusal { NOT_MEMBER, NO_SUCH_CHAT, REPLY_TO_UNKNOWN, ATTACHMENT_UNKNOWN, MUTED, BLOCKED, SLOW_MODE }

    final class Refused extends RuntimeException {
        private final Refusal reason;
        private final Instant until;

        public Refused(Refusal reason) {
            this(reason, null);
        }

        /** @param until when a {@code MUTED}, {@code BLOCKED} or {@code SLOW_MODE} restriction ends; null when it lasts until lifted */
        public Refused(Refusal reason, Instant until) {
            super(reason.name(), null, false, false);
            this.reason = reason;
            this.until = until;
        }

        public Refusal reason() {
            return reason;
        }

        public Instant until() {
            return until;
        }
    }

    /**
     * Stores the message as the chat's next seq, or returns the sender's earlier message with the
     * same {@code clientId} (idempotent retry). Checks in the same transaction that the sender is a
     * member, that {@code replyToSeq} exists, that every attachment was uploaded by the sender
     * and is not yet attached, and (after the retry check: a retry still answers with its message)
     * that no block or mute in force at {@code now} stops the sender, and last that the chat's slow
     * mode lets the sender (a plain member) send now — which takes their turn: of two appends by one
     * member within the interval, on any node or in one group commit, only the first is stored.
     *
     * @throws Refused when a check fails
     */
    default Appended append(NewMessage message) {
        try {
            return appendQueued(message).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    /**
     * {@link #append} without waiting for the commit: returns once the append is queued, so a
     * caller's appends to a chat are stored in the order it queued them. The future completes
     * after the commit, or with {@link Refused} or the storage failure.
     */
    java.util.concurrent.CompletableFuture<Appended> appendQueued(NewMessage message);

    Optional<Message> find(long chatId, long seq);

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, ascending. */
    List<Message> before(long chatId, long beforeSeq, int limit);

    /** Up to {@code limit} messages with seq above {@code afterSeq}, ascending. */
    List<Message> after(long chatId, long afterSeq, int limit);

    /** Replaces the body of a live message and sets {@code editedAt}; empty when there is no such live message. */
    Optional<Message> edit(long chatId, long seq, String body, Instant now);

    /**
     * Turns the message into a tombstone: empty body, {@code deleted}, its attachments (files
     * included), its pin and its reactions removed, seq kept; a streaming message's stream ends with it (it is
     * complete). {@code deletedBy} is who did it (the sender or a group admin), recorded with the
     * tombstone; null for the host application's servers. Empty when there is no such live message.
     */
    Optional<Message> delete(long chatId, long seq, Long deletedBy, Instant now);

    /**
     * What to search for: messages with every word of {@code words} (as terms of the configured
     * search language, so other forms of a word match), in chats {@code userId} is a member of now,
     * optionally only in {@code chatId}, from {@code senderId}, created at or after {@code from} and
     * before {@code until}; {@code offset} results skipped, at most {@code limit} returned.
     */
    record SearchQuery(long userId, String words, Long chatId, Long senderId, Instant from, Instant until,
                       int offset, int limit) {}

    /**
     * Live messages matching {@code query}, best match first, then newest first (ties by id, so
     * the order is total and pages of one result set neither repeat nor skip while it is unchanged).
     * Empty when the words hold no word to search for.
     */
    List<Message> search(SearchQuery query);

    /**
     * Retention: removes up to {@code limit} messages created before {@code before}, oldest first,
     * with their attachments (files included), pins, reactions and search entries, in one transaction that
     * also moves the {@link ChatStore#version} of every chat that lost a message; returns how many.
     *
     * <p>Seqs are never reused: the chat's last seq stays, so later appends continue after it and
     * the remaining messages keep their seqs. What is gone leaves a hole below the remaining
     * history, which readers resuming from an old position skip. Keep {@code limit} modest
     * (about a thousand): the transaction holds its row locks until it commits.
     */
    int deleteOlderThan(Instant before, int limit);
}
