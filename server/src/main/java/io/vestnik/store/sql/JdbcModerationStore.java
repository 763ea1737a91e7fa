package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.store.ModerationStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link ModerationStore} over SQL: one row per restriction, replaced in place (see {@link SendBans} for the reading side). */
final class JdbcModerationStore implements ModerationStore {
    private final Db db;

    JdbcModerationStore(Db db) {
        this.db = db;
    }

    @Override
    public boolean mute(long chatId, long userId, Instant until, Instant now) {
        return db.write(h -> muted(h, chatId, userId, until, now, h.createUpdate("""
                        INSERT INTO chat_mutes (chat_id, user_id, ends_at, created_at)
                        SELECT :chat, :user, :ends, :now
                        WHERE EXISTS (SELECT 1 FROM chat_members WHERE chat_id = :chat AND user_id = :user)
                        ON CONFLICT (chat_id, user_id) DO UPDATE SET ends_at = excluded.ends_at, created_at = excluded.created_at""")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("ends", Rows.millisOrNull(until))
                .bind("now", Rows.millis(now))
                .execute() == 1, true));
    }

    @Override
    public void unmute(long chatId, long userId, Instant now) {
        db.write(h -> muted(h, chatId, userId, null, now, h.createUpdate("DELETE FROM chat_mutes WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .execute() == 1, false));
    }

    /** A mute set or lifted ({@code changed}) goes into the chat's change log, for its members. */
    private boolean muted(Handle h, long chatId, long userId, Instant until, Instant now, boolean changed, boolean muted) {
        if (!changed) return false;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", userId);
        data.put("muted", muted);
        data.put("until", until);
        ChangeLog.append(db, h, chatId, Change.MEMBER_MUTED, 0, data, now);
        return true;
    }

    @Override
    public void block(long userId, Instant until, Instant now) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO send_blocks (user_id, ends_at, created_at) VALUES (:user, :ends, :now)
                        ON CONFLICT (user_id) DO UPDATE SET ends_at = excluded.ends_at, created_at = excluded.created_at""")
                .bind("user", userId)
                .bind("ends", Rows.millisOrNull(until))
                .bind("now", Rows.millis(now))
                .execute());
    }

    @Override
    public void unblock(long userId) {
        db.write(h -> h.createUpdate("DELETE FROM send_blocks WHERE user_id = :user").bind("user", userId).execute());
    }

    /** The removal first, so its chat lock comes before anything else is written (see {@link JdbcChatStore#lock}). */
    @Override
    public boolean ban(long chatId, long userId, Instant until, long bannedBy, Instant now) {
        return db.write(h -> {
            boolean removed = JdbcChatStore.removeMember(h, chatId, userId, now);
            record(h, chatId, userId, until, bannedBy, now);
            return removed;
        });
    }

    private static void record(Handle h, long chatId, long userId, Instant until, long bannedBy, Instant now) {
        h.createUpdate("""
                        INSERT INTO chat_bans (chat_id, user_id, ends_at, banned_by, created_at)
                        VALUES (:chat, :user, :ends, :by, :now)
                        ON CONFLICT (chat_id, user_id) DO UPDATE
                        SET ends_at = excluded.ends_at, banned_by = excluded.banned_by, created_at = excluded.created_at""")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("ends", Rows.millisOrNull(until))
                .bind("by", bannedBy)
                .bind("now", Rows.millis(now))
                .execute();
    }

    @Override
    public void unban(long chatId, long userId) {
        db.write(h -> h.createUpdate("DELETE FROM chat_bans WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .execute());
    }

    @Override
    public Optional<Ban> banOf(long chatId, long userId, Instant now) {
        return db.read(h -> h.createQuery("""
                        SELECT ends_at FROM chat_bans
                        WHERE chat_id = :chat AND user_id = :user AND (ends_at IS NULL OR ends_at > :now)""")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("now", Rows.millis(now))
                .map((rs, ctx) -> new Ban(Rows.instant(rs, "ends_at")))
                .findOne());
    }
}
