package io.vestnik.store.sql;

import io.vestnik.domain.User;
import io.vestnik.store.UserStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Accounts over SQL. External accounts get the username {@code ext-<id>}; that prefix is
 * reserved, so {@link #create} refuses local names starting with {@code ext-}.
 */
final class JdbcUserStore implements UserStore {
    static final String EXTERNAL_PREFIX = "ext-";

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
        return db.write(h -> insertExternal(h, issuer, subject, displayName, now)
                .orElseGet(() -> h.createQuery("SELECT " + Rows.USER_COLUMNS
                                + " FROM users WHERE external_issuer = :issuer AND external_subject = :subject")
                        .bind("issuer", issuer)
                        .bind("subject", subject)
                        .map(Rows.USER)
                        .one()));
    }

    private static Optional<User> insertExternal(Handle h, String issuer, String subject, String displayName, Instant now) {
        Optional<Long> id = h.createQuery("""
                        INSERT INTO users (username, display_name, external_issuer, external_subject, created_at)
                        VALUES (:placeholder, :display, :issuer, :subject, :now)
                        ON CONFLICT (external_issuer, external_subject) DO NOTHING
                        RETURNING id""")
                .bind("placeholder", EXTERNAL_PREFIX + UUID.randomUUID())
                .bind("display", displayName)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .findOne();
        id.ifPresent(userId -> h.createUpdate("UPDATE users SET username = :username WHERE id = :id")
                .bind("username", EXTERNAL_PREFIX + userId)
                .bind("id", userId)
                .execute());
        return id.map(userId -> new User(userId, EXTERNAL_PREFIX + userId, displayName));
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
