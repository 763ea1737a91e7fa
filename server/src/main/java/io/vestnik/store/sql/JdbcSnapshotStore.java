package io.vestnik.store.sql;

import io.vestnik.store.SnapshotStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Stream snapshots as one text column of {@code chat:seq} pairs: read and written whole, never queried inside. */
final class JdbcSnapshotStore implements SnapshotStore {
    private final Db db;

    JdbcSnapshotStore(Db db) {
        this.db = db;
    }

    private record Saved(long id, Map<Long, Long> positions, long createdAtMillis) {}

    /** The latest is read on the reader first, so a stream opened while nothing moved writes nothing. */
    @Override
    public long save(long userId, Map<Long, Long> positions, Instant now) {
        long reusableSince = Rows.millis(now.minus(REUSED_WITHIN));
        return latest(userId)
                .filter(saved -> saved.createdAtMillis() >= reusableSince && saved.positions().equals(positions))
                .map(Saved::id)
                .orElseGet(() -> db.write(h -> {
                    long id = insert(h, userId, positions, now);
                    keepLatest(h, userId);
                    return id;
                }));
    }

    private static long insert(Handle h, long userId, Map<Long, Long> positions, Instant now) {
        return h.createQuery("""
                        INSERT INTO stream_snapshots (user_id, positions, created_at) VALUES (:user, :positions, :now)
                        RETURNING id""")
                .bind("user", userId)
                .bind("positions", encode(positions))
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .one();
    }

    /** Removes the user's snapshots older than their latest {@link #KEPT_PER_USER}. */
    private static void keepLatest(Handle h, long userId) {
        h.createUpdate("""
                        DELETE FROM stream_snapshots WHERE user_id = :user AND id < (
                            SELECT MIN(id) FROM (SELECT id FROM stream_snapshots WHERE user_id = :user
                                                 ORDER BY id DESC LIMIT :kept) AS kept)""")
                .bind("user", userId)
                .bind("kept", KEPT_PER_USER)
                .execute();
    }

    private Optional<Saved> latest(long userId) {
        return db.read(h -> h.createQuery("""
                        SELECT id, positions, created_at FROM stream_snapshots WHERE user_id = :user ORDER BY id DESC LIMIT 1""")
                .bind("user", userId)
                .map((rs, ctx) -> new Saved(rs.getLong("id"), decode(rs.getString("positions")), rs.getLong("created_at")))
                .findOne());
    }

    @Override
    public Optional<Map<Long, Long>> find(long id, long userId) {
        return db.read(h -> h.createQuery("SELECT positions FROM stream_snapshots WHERE id = :id AND user_id = :user")
                .bind("id", id)
                .bind("user", userId)
                .mapTo(String.class)
                .findOne()
                .map(JdbcSnapshotStore::decode));
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM stream_snapshots WHERE id IN (
                            SELECT id FROM stream_snapshots WHERE created_at < :before LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }

    static String encode(Map<Long, Long> positions) {
        StringBuilder text = new StringBuilder(positions.size() * 12);
        positions.forEach((chat, seq) -> {
            if (!text.isEmpty()) text.append(',');
            text.append(chat).append(':').append(seq);
        });
        return text.toString();
    }

    static Map<Long, Long> decode(String text) {
        Map<Long, Long> positions = new LinkedHashMap<>();
        if (text.isEmpty()) return positions;
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            positions.put(Long.parseLong(pair, 0, colon, 10), Long.parseLong(pair, colon + 1, pair.length(), 10));
        }
        return positions;
    }
}
