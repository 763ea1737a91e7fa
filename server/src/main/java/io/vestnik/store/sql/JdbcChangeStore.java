package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.store.ChangeStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/** The change log over SQL; the stores write it through {@link ChangeLog}. */
final class JdbcChangeStore implements ChangeStore {
    private static final RowMapper<Change> CHANGE = (rs, ctx) -> new Change(rs.getLong("chat_id"), rs.getLong("number"),
            rs.getString("kind"), rs.getLong("seq"), rs.getString("data"), Rows.instant(rs, "created_at"));

    private final Db db;

    JdbcChangeStore(Db db) {
        this.db = db;
    }

    @Override
    public void onCommitted(Consumer<Change> listener) {
        db.onChangeCommitted(listener);
    }

    @Override
    public List<Change> after(long chatId, long afterNumber, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT chat_id, number, kind, seq, data, created_at FROM chat_changes
                         WHERE chat_id = :chat AND number > :after ORDER BY number LIMIT :limit""")
                .bind("chat", chatId)
                .bind("after", afterNumber)
                .bind("limit", limit)
                .map(CHANGE)
                .list());
    }

    @Override
    public Map<Long, Long> lastNumbers(long userId) {
        return db.read(h -> h.createQuery("""
                            SELECT m.chat_id, COALESCE(c.last_number, 0) AS last_number FROM chat_members m
                              LEFT JOIN chat_change_counters c ON c.chat_id = m.chat_id
                             WHERE m.user_id = :user""")
                .bind("user", userId)
                .map((rs, ctx) -> Map.entry(rs.getLong("chat_id"), rs.getLong("last_number")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public long lastNumber(long chatId) {
        return db.read(h -> h.createQuery("SELECT last_number FROM chat_change_counters WHERE chat_id = :chat")
                .bind("chat", chatId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM chat_changes WHERE (chat_id, number) IN (
                            SELECT chat_id, number FROM chat_changes WHERE created_at < :before LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }
}
