package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Reaction;
import io.vestnik.store.ReactionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reactions over SQL. Each change first "updates" the live message row to itself: that both
 * checks the message is live and takes its row lock (PostgreSQL; SQLite has one writer), so the
 * distinct-emoji count read next cannot be raced past the limit.
 */
final class JdbcReactionStore implements ReactionStore {
    private final Db db;

    JdbcReactionStore(Db db) {
        this.db = db;
    }

    @Override
    public Change add(long chatId, long seq, long userId, String emoji, int maxEmoji, Instant now) {
        return db.write(h -> {
            if (!lockLive(h, chatId, seq)) return new Change(Outcome.NO_SUCH_MESSAGE, List.of());
            SendBans.of(h, db.dialect(), chatId, userId, now).ifPresent(refused -> {
                throw refused;
            });
            List<Reaction> before = tallies(h, chatId, seq, seq).getOrDefault(seq, List.of());
            if (before.stream().anyMatch(r -> r.emoji().equals(emoji) && r.userIds().contains(userId))) {
                return new Change(Outcome.UNCHANGED, before);
            }
            if (before.size() >= maxEmoji && before.stream().noneMatch(r -> r.emoji().equals(emoji))) {
                return new Change(Outcome.TOO_MANY_EMOJI, before);
            }
            h.createUpdate("INSERT INTO reactions (chat_id, seq, emoji, user_id, created_at) VALUES (:chat, :seq, :emoji, :user, :now)")
                    .bind("chat", chatId)
                    .bind("seq", seq)
                    .bind("emoji", emoji)
                    .bind("user", userId)
                    .bind("now", Rows.millis(now))
                    .execute();
            return changed(db, h, chatId, seq, userId, emoji, true, now);
        });
    }

    @Override
    public Change remove(long chatId, long seq, long userId, String emoji, Instant now) {
        return db.write(h -> {
            if (!lockLive(h, chatId, seq)) return new Change(Outcome.NO_SUCH_MESSAGE, List.of());
            int removed = h.createUpdate("DELETE FROM reactions WHERE chat_id = :chat AND seq = :seq AND emoji = :emoji AND user_id = :user")
                    .bind("chat", chatId)
                    .bind("seq", seq)
                    .bind("emoji", emoji)
                    .bind("user", userId)
                    .execute();
            return removed == 1 ? changed(db, h, chatId, seq, userId, emoji, false, now)
                    : new Change(Outcome.UNCHANGED, tallies(h, chatId, seq, seq).getOrDefault(seq, List.of()));
        });
    }

    /** The message's reactions after a change, which the change log and webhooks hear of in the same transaction. */
    private static Change changed(Db db, Handle h, long chatId, long seq, long userId, String emoji, boolean added, Instant now) {
        List<Reaction> after = tallies(h, chatId, seq, seq).getOrDefault(seq, List.of());
        ChangeLog.append(db, h, chatId, io.vestnik.domain.Change.REACTION, seq,
                Map.of("user_id", userId, "emoji", emoji, "added", added, "reactions", after), now);
        if (Outbox.subscribed(h, EventType.MESSAGE_REACTION)) {
            Outbox.record(h, EventType.MESSAGE_REACTION, Outbox.chat(chatId), Map.of("chat_id", chatId, "seq", seq,
                    "user", Outbox.person(h, userId), "emoji", emoji, "added", added, "reactions", after), now);
        }
        return new Change(Outcome.CHANGED, after);
    }

    @Override
    public Map<Long, List<Reaction>> tallies(long chatId, long fromSeq, long toSeq) {
        return db.read(h -> tallies(h, chatId, fromSeq, toSeq));
    }

    private static boolean lockLive(Handle h, long chatId, long seq) {
        return h.createUpdate("UPDATE messages SET seq = seq WHERE chat_id = :chat AND seq = :seq AND deleted = FALSE")
                .bind("chat", chatId)
                .bind("seq", seq)
                .execute() == 1;
    }

    private record Row(long seq, String emoji, long userId) {}

    private static Map<Long, List<Reaction>> tallies(Handle h, long chatId, long fromSeq, long toSeq) {
        List<Row> rows = h.createQuery("""
                        SELECT seq, emoji, user_id FROM reactions
                        WHERE chat_id = :chat AND seq BETWEEN :from AND :to
                        ORDER BY seq, created_at, emoji, user_id""")
                .bind("chat", chatId)
                .bind("from", fromSeq)
                .bind("to", toSeq)
                .map((rs, ctx) -> new Row(rs.getLong("seq"), rs.getString("emoji"), rs.getLong("user_id")))
                .list();
        Map<Long, Map<String, List<Long>>> byMessage = new LinkedHashMap<>();
        for (Row row : rows) {
            byMessage.computeIfAbsent(row.seq(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(row.emoji(), e -> new ArrayList<>()).add(row.userId());
        }
        Map<Long, List<Reaction>> tallies = new LinkedHashMap<>();
        byMessage.forEach((seq, emoji) -> tallies.put(seq,
                emoji.entrySet().stream().map(e -> Reaction.of(e.getKey(), e.getValue())).toList()));
        return tallies;
    }
}
