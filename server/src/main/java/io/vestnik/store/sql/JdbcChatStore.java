package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import io.vestnik.domain.Chat;
import io.vestnik.domain.EventType;
import io.vestnik.domain.Member;
import io.vestnik.store.ChatStore;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Chats, members and read positions over SQL. */
final class JdbcChatStore implements ChatStore {
    private final Db db;

    JdbcChatStore(Db db) {
        this.db = db;
    }

    /**
     * Insert-or-nothing on unique_key: a racing second caller waits for the first one's commit,
     * inserts nothing and reads the winner's chat.
     */
    @Override
    public Created create(NewChat chat, Instant now) {
        return db.write(h -> insertChat(h, chat, now)
                .map(id -> {
                    insertMembers(h, id, chat, now);
                    Chat created = ChatRows.find(h, id).orElseThrow();
                    Outbox.record(h, EventType.CHAT_CREATED, Outbox.chat(id), Map.of("chat_id", id, "chat", created), now);
                    return new Created(created, true);
                })
                .orElseGet(() -> new Created(findByKey(h, chat.uniqueKey()), false)));
    }

    private static Optional<Long> insertChat(Handle h, NewChat chat, Instant now) {
        return h.createQuery("""
                        INSERT INTO chats (kind, title, context_type, context_id, unique_key, created_at, last_activity_at)
                        VALUES (:kind, :title, :contextType, :contextId, :key, :now, :now)
                        ON CONFLICT (unique_key) DO NOTHING
                        RETURNING id""")
                .bind("kind", chat.kind().wire())
                .bind("title", chat.title())
                .bind("contextType", chat.context() == null ? null : chat.context().type())
                .bind("contextId", chat.context() == null ? null : chat.context().id())
                .bind("key", chat.uniqueKey())
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .findOne();
    }

    private static void insertMembers(Handle h, long chatId, NewChat chat, Instant now) {
        Set<Long> others = new LinkedHashSet<>(chat.memberIds());
        others.remove(chat.ownerId());
        insertMember(h, chatId, chat.ownerId(), Member.OWNER, now);
        for (long userId : others) insertMember(h, chatId, userId, Member.MEMBER, now);
    }

    private static int insertMember(Handle h, long chatId, long userId, String role, Instant now) {
        return h.createUpdate("""
                        INSERT INTO chat_members (chat_id, user_id, role, joined_at, joined_seq)
                        VALUES (:chat, :user, :role, :now, (SELECT last_seq FROM chats WHERE id = :chat))
                        ON CONFLICT DO NOTHING""")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("role", role)
                .bind("now", Rows.millis(now))
                .execute();
    }

    private static Chat findByKey(Handle h, String uniqueKey) {
        long id = h.createQuery("SELECT id FROM chats WHERE unique_key = :key")
                .bind("key", uniqueKey)
                .mapTo(Long.class)
                .one();
        return ChatRows.find(h, id).orElseThrow();
    }

    @Override
    public Optional<Chat> find(long chatId) {
        return db.read(h -> ChatRows.find(h, chatId));
    }

    @Override
    public long version(long chatId) {
        return db.read(h -> h.createQuery("SELECT version FROM chats WHERE id = :id")
                .bind("id", chatId)
                .mapTo(Long.class)
                .findOne()
                .orElse(-1L));
    }

    /**
     * Takes the chat row's lock without changing it; false when there is no such chat. The lock
     * order is the chat's row, then its messages' and members' rows: an append locks the chat first
     * and then a reply's root (or a slow-mode member), so a transaction that changes a message or a
     * member and then moves the chat's version locks the chat here first, or on PostgreSQL it and an
     * append can each wait for the other until one fails as a deadlock.
     */
    static boolean lock(Handle h, long chatId) {
        return h.createUpdate("UPDATE chats SET version = version WHERE id = :chat").bind("chat", chatId).execute() == 1;
    }

    /** Every change a cache could hold moves the counter in its own transaction (see {@link ChatStore#version}). */
    static void bumpVersion(Handle h, long chatId) {
        h.createUpdate("UPDATE chats SET version = version + 1 WHERE id = :chat").bind("chat", chatId).execute();
    }

    @Override
    public List<Chat> listForUser(long userId, Boolean archived, Cursor after, int limit) {
        long afterTime = after == null ? Long.MAX_VALUE : Rows.millis(after.lastActivityAt());
        long afterId = after == null ? Long.MAX_VALUE : after.chatId();
        return db.read(h -> ChatRows.list(h, h.createQuery("SELECT " + ChatRows.COLUMNS + """
                         FROM chats c JOIN chat_members cm ON cm.chat_id = c.id AND cm.user_id = :user
                        WHERE (c.last_activity_at, c.id) < (:time, :id)
                          AND (cm.hidden_seq IS NULL OR c.last_seq > cm.hidden_seq)
                          AND (:anyArchived OR cm.archived = :archived)
                        ORDER BY c.last_activity_at DESC, c.id DESC
                        LIMIT :limit""")
                .bind("user", userId)
                .bind("anyArchived", archived == null)
                .bind("archived", Boolean.TRUE.equals(archived))
                .bind("time", afterTime)
                .bind("id", afterId)
                .bind("limit", limit)));
    }

    @Override
    public boolean isMember(long chatId, long userId) {
        return db.read(h -> h.createQuery("SELECT 1 FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public List<Long> chatIdsOf(long userId) {
        return db.read(h -> h.createQuery("SELECT chat_id FROM chat_members WHERE user_id = :user ORDER BY chat_id")
                .bind("user", userId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public java.util.Map<Long, Position> positions(long userId) {
        return db.read(h -> h.createQuery("""
                        SELECT c.id, m.joined_seq, c.last_seq FROM chats c
                        JOIN chat_members m ON m.chat_id = c.id
                        WHERE m.user_id = :user""")
                .bind("user", userId)
                .reduceRows(new java.util.HashMap<Long, Position>(), (map, row) -> {
                    map.put(row.getColumn("id", Long.class),
                            new Position(row.getColumn("joined_seq", Long.class), row.getColumn("last_seq", Long.class)));
                    return map;
                }));
    }

    @Override
    public List<Long> contactsOf(long userId) {
        return db.read(h -> h.createQuery("""
                        SELECT DISTINCT other.user_id
                        FROM chat_members me JOIN chat_members other ON other.chat_id = me.chat_id
                        WHERE me.user_id = :user AND other.user_id != :user
                        ORDER BY other.user_id""")
                .bind("user", userId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public boolean addMember(long chatId, long userId, String role, Instant now) {
        return db.write(h -> announced(h, EventType.MEMBER_ADDED, chatId, userId, now,
                changed(h, chatId, insertMember(h, chatId, userId, role, now))));
    }

    @Override
    public boolean removeMember(long chatId, long userId) {
        // The store is not told the time of a removal (nor of a read): its event carries the wall clock's.
        return db.write(h -> removeMember(h, chatId, userId, Instant.now()));
    }

    /** {@link #removeMember} inside the caller's transaction (a ban's, too); locks the chat's row first. */
    static boolean removeMember(Handle h, long chatId, long userId, Instant now) {
        if (!lock(h, chatId)) return false;
        boolean wasOwner = Member.OWNER.equals(roleOf(h, chatId, userId));
        boolean removed = announced(h, EventType.MEMBER_REMOVED, chatId, userId, now,
                changed(h, chatId, h.createUpdate("DELETE FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                        .bind("chat", chatId)
                        .bind("user", userId)
                        .execute()));
        if (wasOwner) promoteSuccessor(h, chatId);
        return removed;
    }

    private static String roleOf(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT role FROM chat_members WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId)
                .bind("user", userId)
                .mapTo(String.class)
                .findOne()
                .orElse(null);
    }

    /** The oldest admin, else the oldest member, becomes owner; nothing when nobody is left. */
    private static void promoteSuccessor(Handle h, long chatId) {
        h.createUpdate("""
                        UPDATE chat_members SET role = :owner
                        WHERE chat_id = :chat AND user_id = (
                            SELECT user_id FROM chat_members WHERE chat_id = :chat
                            ORDER BY CASE WHEN role = :admin THEN 0 ELSE 1 END, joined_at, user_id LIMIT 1)""")
                .bind("owner", Member.OWNER)
                .bind("admin", Member.ADMIN)
                .bind("chat", chatId)
                .execute();
    }

    @Override
    public Optional<MemberState> state(long chatId, long userId) {
        return db.read(h -> MemberStates.find(h, chatId, userId));
    }

    @Override
    public Map<Long, MemberState> states(long userId) {
        return db.read(h -> MemberStates.ofUser(h, userId));
    }

    @Override
    public boolean putState(long chatId, long userId, MemberState state) {
        return db.write(h -> MemberStates.put(h, chatId, userId, state));
    }

    @Override
    public boolean hide(long chatId, long userId) {
        return db.write(h -> MemberStates.hide(h, chatId, userId));
    }

    @Override
    public boolean updateProfile(long chatId, Profile profile, Instant now) {
        return db.write(h -> {
            boolean updated = changed(h, chatId, h.createUpdate("""
                            UPDATE chats SET title = :title, description = :description, avatar_url = :avatar WHERE id = :chat""")
                    .bind("title", profile.title())
                    .bind("description", profile.description())
                    .bind("avatar", profile.avatarUrl())
                    .bind("chat", chatId)
                    .execute());
            if (updated) ChangeLog.append(db, h, chatId, Change.CHAT_PROFILE, 0, profileFields(profile), now);
            return updated;
        });
    }

    /** The change's fields; a removed description or avatar is a JSON null. */
    private static Map<String, Object> profileFields(Profile profile) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("title", profile.title());
        fields.put("description", profile.description());
        fields.put("avatar_url", profile.avatarUrl());
        return fields;
    }

    @Override
    public List<Long> delete(long chatId, Instant now) {
        return db.write(h -> {
            List<Long> members = h.createQuery("SELECT user_id FROM chat_members WHERE chat_id = :chat ORDER BY user_id")
                    .bind("chat", chatId)
                    .mapTo(Long.class)
                    .list();
            h.createUpdate("DELETE FROM chat_members WHERE chat_id = :chat").bind("chat", chatId).execute();
            h.createUpdate("UPDATE chats SET deleted_at = :now WHERE id = :chat")
                    .bind("now", Rows.millis(now))
                    .bind("chat", chatId)
                    .execute();
            bumpVersion(h, chatId);
            for (long userId : members) announced(h, EventType.MEMBER_REMOVED, chatId, userId, now, true);
            return members;
        });
    }

    @Override
    public boolean setRole(long chatId, long userId, String role) {
        return db.write(h -> changed(h, chatId, h.createUpdate("""
                        UPDATE chat_members SET role = :role
                        WHERE chat_id = :chat AND user_id = :user AND role <> :owner""")
                .bind("role", role)
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("owner", Member.OWNER)
                .execute()));
    }

    /** The new owner's row first: when it is not a member nothing was written, and the swap is all or nothing. */
    @Override
    public boolean transferOwnership(long chatId, long ownerId, long newOwnerId) {
        if (ownerId == newOwnerId) return false;
        return db.write(h -> {
            if (!hasRole(h, chatId, ownerId, Member.OWNER) || setRoleIn(h, chatId, newOwnerId, Member.OWNER) == 0) return false;
            setRoleIn(h, chatId, ownerId, Member.ADMIN);
            return changed(h, chatId, 1);
        });
    }

    private static boolean hasRole(Handle h, long chatId, long userId, String role) {
        return h.createQuery("SELECT 1 FROM chat_members WHERE chat_id = :chat AND user_id = :user AND role = :role")
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("role", role)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    private static int setRoleIn(Handle h, long chatId, long userId, String role) {
        return h.createUpdate("UPDATE chat_members SET role = :role WHERE chat_id = :chat AND user_id = :user")
                .bind("role", role)
                .bind("chat", chatId)
                .bind("user", userId)
                .execute();
    }

    @Override
    public void setSlowMode(long chatId, int seconds) {
        db.write(h -> changed(h, chatId, h.createUpdate("UPDATE chats SET slow_mode_seconds = :seconds WHERE id = :chat")
                .bind("seconds", seconds)
                .bind("chat", chatId)
                .execute()));
    }

    /** A membership change that happened goes into the webhook outbox in its transaction. */
    private static boolean announced(Handle h, EventType type, long chatId, long userId, Instant now, boolean changed) {
        if (changed) Outbox.record(h, type, Outbox.chat(chatId), Map.of("chat_id", chatId, "user_id", userId), now);
        return changed;
    }

    private static boolean changed(Handle h, long chatId, int rows) {
        if (rows == 0) return false;
        bumpVersion(h, chatId);
        return true;
    }

    @Override
    public long markRead(long chatId, long userId, long seq) {
        return db.write(h -> ReadPositions.markRead(h, chatId, userId, seq, Instant.now()));
    }

    @Override
    public List<Delivered> markDelivered(java.util.Collection<Delivered> positions) {
        if (positions.isEmpty()) return List.of();
        // Read first: a flush of group positions alone then takes no write transaction (SQLite's one writer).
        List<Delivered> kept = db.read(h -> ReadPositions.outsideGroups(h, positions));
        return kept.isEmpty() ? List.of() : db.write(h -> ReadPositions.markDelivered(h, kept));
    }

    @Override
    public List<Unread> unread(long userId) {
        return db.read(h -> ReadPositions.unread(h, userId));
    }
}
