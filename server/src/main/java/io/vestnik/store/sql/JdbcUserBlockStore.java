package io.vestnik.store.sql;

import io.vestnik.store.UserBlockStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link UserBlockStore} over SQL: one row per (blocker, blocked) pair. */
final class JdbcUserBlockStore implements UserBlockStore {
    private final Db db;

    JdbcUserBlockStore(Db db) {
        this.db = db;
    }

    @Override
    public boolean block(long blockerId, long blockedId, Instant now) {
        return db.write(h -> h.createUpdate("""
                        INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (:blocker, :blocked, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("blocker", blockerId)
                .bind("blocked", blockedId)
                .bind("now", Rows.millis(now))
                .execute()) == 1;
    }

    @Override
    public boolean unblock(long blockerId, long blockedId) {
        return db.write(h -> h.createUpdate("DELETE FROM user_blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
                .bind("blocker", blockerId)
                .bind("blocked", blockedId)
                .execute()) == 1;
    }

    @Override
    public List<Block> blocksOf(long blockerId) {
        return db.read(h -> h.createQuery("""
                        SELECT blocked_id, created_at FROM user_blocks WHERE blocker_id = :blocker
                        ORDER BY created_at DESC, blocked_id DESC""")
                .bind("blocker", blockerId)
                .map((rs, ctx) -> new Block(rs.getLong("blocked_id"), Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public Relations relations(long userId) {
        return db.read(h -> {
            Set<Long> blocked = new HashSet<>();
            Set<Long> blockedBy = new HashSet<>();
            h.createQuery("""
                            SELECT blocked_id AS other, 1 AS mine FROM user_blocks WHERE blocker_id = :user
                            UNION ALL
                            SELECT blocker_id AS other, 0 AS mine FROM user_blocks WHERE blocked_id = :user""")
                    .bind("user", userId)
                    .map((rs, ctx) -> (rs.getInt("mine") == 1 ? blocked : blockedBy).add(rs.getLong("other")))
                    .list();
            return blocked.isEmpty() && blockedBy.isEmpty() ? Relations.NONE : new Relations(Set.copyOf(blocked), Set.copyOf(blockedBy));
        });
    }

    @Override
    public boolean eitherBlocks(long userA, long userB) {
        return db.read(h -> h.createQuery("""
                        SELECT 1 FROM user_blocks
                        WHERE (blocker_id = :a AND blocked_id = :b) OR (blocker_id = :b AND blocked_id = :a)""")
                .bind("a", userA)
                .bind("b", userB)
                .mapTo(Integer.class)
                .findFirst()
                .isPresent());
    }
}
