package io.vestnik.store.sql;

import io.vestnik.domain.Member;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Slow mode in the append's transaction: a plain member of a chat with slow mode sends at most one
 * message per {@code seconds}. The member's turn is claimed by one conditional {@code UPDATE} of
 * their {@code chat_members.last_sent_at}: a racing append of the same member (another node, or a
 * later one in the same batch) either waits for that row lock and then finds the moved time, or
 * runs in the same transaction and sees it; either way only one passes. Admins and the owner pass
 * and their time moves too (so a demoted admin is slowed from their last message). Call it after
 * every other check that can refuse: a passed claim is a write.
 */
final class SlowMode {
    private SlowMode() {}

    /** The refusal when the member's turn has not come yet; empty (and the turn taken) otherwise. */
    static Optional<Refused> claim(Handle h, long chatId, long userId, int seconds, Instant now) {
        if (seconds <= 0) return Optional.empty();
        long at = Rows.millis(now);
        int claimed = h.createUpdate("""
                        UPDATE chat_members SET last_sent_at = :now
                        WHERE chat_id = :chat AND user_id = :user
                          AND (role <> :member OR last_sent_at IS NULL OR last_sent_at <= :cutoff)""")
                .bind("now", at)
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("member", Member.MEMBER)
                .bind("cutoff", at - seconds * 1000L)
                .execute();
        if (claimed == 1) return Optional.empty();
        long last = h.createQuery("SELECT last_sent_at FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .mapTo(Long.class)
                .one();
        return Optional.of(new Refused(Refusal.SLOW_MODE, Instant.ofEpochMilli(last + seconds * 1000L)));
    }
}
