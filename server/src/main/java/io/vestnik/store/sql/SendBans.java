package io.vestnik.store.sql;

import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The reading side of {@link JdbcModerationStore}: which appends a block or a mute in force
 * refuses, read in the append's transaction with one statement for a whole batch. A block comes
 * before a mute (it is the wider one); a restriction is in force when it has no end or its end is
 * after the append's time.
 */
final class SendBans {
    private SendBans() {}

    private record Ban(long chatId, long userId, Long endsAt) {
        /** Blocks have no chat; chat ids start at 1. */
        static final long EVERY_CHAT = 0;

        boolean inForceAt(Instant now) {
            return endsAt == null || endsAt > Rows.millis(now);
        }

        Instant until() {
            return endsAt == null ? null : Instant.ofEpochMilli(endsAt);
        }
    }

    private record Target(long chatId, long userId) {}

    /** The refusal of each of {@code appends} a restriction stops, in their order; empty for the free ones. */
    static List<Optional<Refused>> of(Handle h, Dialect dialect, List<NewMessage> appends) {
        Map<Target, Ban> bans = bans(h, dialect, appends.stream().map(NewMessage::senderId).distinct().toList(),
                appends.stream().map(NewMessage::chatId).distinct().toList());
        return appends.stream().map(m -> refusal(bans, m.chatId(), m.senderId(), m.now())).toList();
    }

    /** The refusal of one write by {@code userId} to the chat (a reaction), if a restriction stops it. */
    static Optional<Refused> of(Handle h, Dialect dialect, long chatId, long userId, Instant now) {
        return refusal(bans(h, dialect, List.of(userId), List.of(chatId)), chatId, userId, now);
    }

    private static Optional<Refused> refusal(Map<Target, Ban> bans, long chatId, long userId, Instant now) {
        Ban block = bans.get(new Target(Ban.EVERY_CHAT, userId));
        if (block != null && block.inForceAt(now)) return Optional.of(new Refused(Refusal.BLOCKED, block.until()));
        Ban mute = bans.get(new Target(chatId, userId));
        if (mute != null && mute.inForceAt(now)) return Optional.of(new Refused(Refusal.MUTED, mute.until()));
        return Optional.empty();
    }

    /** One statement text whatever the number of users and chats ({@link Dialect#inIds}). */
    private static Map<Target, Ban> bans(Handle h, Dialect dialect, List<Long> users, List<Long> chats) {
        List<Ban> rows = h.createQuery("SELECT 0 AS chat_id, user_id, ends_at FROM send_blocks WHERE "
                        + dialect.inIds("user_id", "senders") + " UNION ALL SELECT chat_id, user_id, ends_at FROM chat_mutes WHERE "
                        + dialect.inIds("user_id", "senders") + " AND " + dialect.inIds("chat_id", "chats"))
                .bind("senders", dialect.ids(users))
                .bind("chats", dialect.ids(chats))
                .map((rs, ctx) -> new Ban(rs.getLong("chat_id"), rs.getLong("user_id"), Rows.longOrNull(rs, "ends_at")))
                .list();
        Map<Target, Ban> bans = new HashMap<>();
        for (Ban ban : rows) bans.put(new Target(ban.chatId(), ban.userId()), ban);
        return bans;
    }
}
