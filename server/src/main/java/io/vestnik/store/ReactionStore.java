package io.vestnik.store;

import io.vestnik.domain.Reaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Emoji reactions to messages. Thread-safe; blocking.
 *
 * <p>A user reacts to a message at most once per emoji; a message carries at most a given number
 * of distinct emoji. Adding and removing are idempotent: a repeat changes nothing and says so.
 * Each change is one transaction that holds the message row's lock, so the limit holds under
 * concurrent adds on any node, and a change to a message that is being deleted either comes
 * before the deletion (and goes with it) or finds no live message. A change writes the webhook
 * event {@code message.reaction} in its own transaction. Reactions are not part of the
 * chat's cached version: they are read apart from messages, always from storage.
 */
public interface ReactionStore {

    /** What a change did: {@code CHANGED} or {@code UNCHANGED} (a repeat), or why nothing was done. */
    enum Outcome { CHANGED, UNCHANGED, NO_SUCH_MESSAGE, TOO_MANY_EMOJI }

    /** {@code tallies}: the message's reactions after the change (empty unless the message exists). */
    record Change(Outcome outcome, List<Reaction> tallies) {}

    /**
     * Adds {@code userId}'s {@code emoji} to live message {@code seq}, unless it is there already,
     * or the message has {@code maxEmoji} other emoji. Checks in the same transaction that no
     * block or mute in force at {@code now} stops the user (reacting is writing to the chat).
     *
     * @throws MessageStore.Refused {@code MUTED} or {@code BLOCKED}
     */
    Change add(long chatId, long seq, long userId, String emoji, int maxEmoji, Instant now);

    /** Removes {@code userId}'s {@code emoji} from live message {@code seq}; {@code UNCHANGED} when it was not there. */
    Change remove(long chatId, long seq, long userId, String emoji, Instant now);

    /**
     * The reactions of the chat's messages with seqs from {@code fromSeq} to {@code toSeq}, by
     * seq; per message, emoji in the order of their first reaction. Messages without reactions
     * are left out.
     */
    Map<Long, List<Reaction>> tallies(long chatId, long fromSeq, long toSeq);
}
