package io.vestnik.store.sql;

import io.vestnik.domain.User;
import io.vestnik.store.UserStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Accounts over SQL. External accounts get the username {@code ext-<id>}; that prefix is
 * reserved, so {@link #create} refuses local names starting with {@code ext-}.
 */
final class JdbcUserStore implements UserStore {
    static final String EXTERNAL_PREFIX = "ext-";

    private static final String HOST_USER_COLUMNS = Rows.USER_COLUMNS + ", metadata";
    private static final RowMapper<HostUser> HOST_USER = (rs, ctx) -> new HostUser(Rows.USER.map(rs, ctx), rs.getString("metadata"));

    private final Db db;

    JdbcUserStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<User> create(String username, String displayName, String passwordHash, Instant now) {
        if (username.toLowerCase(Locale.ROOT).startsWith(EXTERNAL_PREFIX)) return Optional.empty();
        return db.write(h -> h.createQuery("""
                        INSERT INTO users (username, display_name, password_hash, created_at)
                        VALUES (:username, :display, :hash, :now)
                        ON CONFLICT DO NOTHING
                        RETURNING""" + " " + Rows.USER_COLUMNS)
                .bind("username", username)
                .bind("display", displayName)
                .bind("hash", passwordHash)
                .bind("now", Rows.millis(now))
                .map(Rows.USER)
                .findOne());
    }

    @Override
    public Optional<Credentials> credentials(String username) {
        return db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + ", password_hash FROM users"
                        + " WHERE lower(username) = lower(:username) AND password_hash IS NOT NULL")
                .bind("username", username)
                .map((rs, ctx) -> new Credentials(Rows.USER.map(rs, ctx), rs.getString("password_hash")))
                .findOne());
    }

    /** Insert-or-nothing on (issuer, subject): a racing second caller waits for the first and reads its row. */
    @Override
    public User provisionExternal(String issuer, String subject, String displayName, Instant now) {
        return db.write(h -> insertExternal(h, issuer, subject, new Profile(displayName, null, null, false), now)
                .orElseGet(() -> selectExternal(h, issuer, subject).orElseThrow().user()));
    }

    /** Insert-or-nothing, then an update when nothing was inserted: in one transaction, so a racing insert is waited for. */
    @Override
    public Put putExternal(String issuer, String subject, Profile profile, Instant now) {
        return db.write(h -> insertExternal(h, issuer, subject, profile, now)
                .map(user -> new Put(new HostUser(user, profile.metadata()), true))
                .orElseGet(() -> new Put(updateExternal(h, issuer, subject, profile), false)));
    }

    @Override
    public Optional<HostUser> findExternal(String issuer, String subject) {
        return db.read(h -> selectExternal(h, issuer, subject));
    }

    @Override
    public Map<String, Long> idsOfExternal(String issuer, Collection<String> subjects) {
        if (subjects.isEmpty()) return Map.of();
        Map<String, Long> ids = new HashMap<>();
        db.read(h -> h.createQuery("SELECT external_subject, id FROM users"
                        + " WHERE external_issuer = :issuer AND external_subject IN (<subjects>)")
                .bind("issuer", issuer)
                .bindList("subjects", List.copyOf(subjects))
                .map((rs, ctx) -> Map.entry(rs.getString("external_subject"), rs.getLong("id")))
                .list())
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }

    private static Optional<User> insertExternal(Handle h, String issuer, String subject, Profile profile, Instant now) {
        Optional<Long> id = h.createQuery("""
                        INSERT INTO users (username, display_name, external_issuer, external_subject, avatar_url,
                                           metadata, bot, created_at)
                        VALUES (:placeholder, :displayName, :issuer, :subject, :avatarUrl, :metadata, :bot, :now)
                        ON CONFLICT (external_issuer, external_subject) DO NOTHING
                        RETURNING id""")
                .bind("placeholder", EXTERNAL_PREFIX + UUID.randomUUID())
                .bindMethods(profile)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .findOne();
        id.ifPresent(userId -> h.createUpdate("UPDATE users SET username = :username WHERE id = :id")
                .bind("username", EXTERNAL_PREFIX + userId)
                .bind("id", userId)
                .execute());
        return id.map(userId -> new User(userId, EXTERNAL_PREFIX + userId, profile.displayName(), subject,
                profile.avatarUrl(), profile.bot()));
    }

    private static HostUser updateExternal(Handle h, String issuer, String subject, Profile profile) {
        return h.createQuery("UPDATE users SET display_name = :displayName, avatar_url = :avatarUrl, metadata = :metadata, bot = :bot"
                        + " WHERE external_issuer = :issuer AND external_subject = :subject"
                        + " RETURNING " + HOST_USER_COLUMNS)
                .bindMethods(profile)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .map(HOST_USER)
                .one();
    }

    private static Optional<HostUser> selectExternal(Handle h, String issuer, String subject) {
        return h.createQuery("SELECT " + HOST_USER_COLUMNS
                        + " FROM users WHERE external_issuer = :issuer AND external_subject = :subject")
                .bind("issuer", issuer)
                .bind("subject", subject)
                .map(HOST_USER)
                .findOne();
    }

    @Override
    public Optional<User> find(long id) {
        return db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(Rows.USER)
                .findOne());
    }

    /** Ordered by id; unknown ids are left out. */
    @Override
    public List<User> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(ids))
                .map(Rows.USER)
                .list());
    }

    @Override
    public List<User> search(long searcherId, String prefix, long afterId, int limit) {
        // '!' escapes: a backslash would confuse the statement parser's reading of quotes.
        String pattern = prefix.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + """
                         FROM users u
                        WHERE u.id <> :me AND u.id > :after
                          AND (lower(u.display_name) LIKE :pattern ESCAPE '!'
                               OR (u.external_subject IS NULL AND lower(u.username) LIKE :pattern ESCAPE '!'))
                          AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = u.id AND b.blocked_id = :me)
                        ORDER BY u.id
                        LIMIT :limit""")
                .bind("me", searcherId)
                .bind("after", afterId)
                .bind("pattern", pattern)
                .bind("limit", limit)
                .map(Rows.USER)
                .list());
    }

    @Override
    public void updateLastSeen(long userId, Instant at) {
        db.write(h -> h.createUpdate("UPDATE users SET last_seen_at = :at WHERE id = :id")
                .bind("at", Rows.millis(at))
                .bind("id", userId)
                .execute());
    }

    @Override
    public Optional<Instant> lastSeen(long userId) {
        return db.read(h -> h.createQuery("SELECT last_seen_at FROM users WHERE id = :id AND last_seen_at IS NOT NULL")
                .bind("id", userId)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
    }
}
