package io.vestnik.store.sql;

import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import io.vestnik.store.ServiceKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/** Service keys over SQL; scopes are kept as their names separated by commas. */
final class JdbcServiceKeyStore implements ServiceKeyStore {
    private static final String COLUMNS = "id, name, scopes, created_at, last_used_at";
    private static final RowMapper<ServiceKey> KEY = (rs, ctx) -> new ServiceKey(rs.getLong("id"), rs.getString("name"),
            Rows.enumSet(rs.getString("scopes"), Scope.class, Scope::parse), Rows.instant(rs, "created_at"),
            Rows.instant(rs, "last_used_at"));

    private final Db db;

    JdbcServiceKeyStore(Db db) {
        this.db = db;
    }

    @Override
    public ServiceKey create(String name, Set<Scope> scopes, String keyHash, Instant now) {
        return db.write(h -> h.createQuery("INSERT INTO service_keys (name, scopes, key_hash, created_at)"
                        + " VALUES (:name, :scopes, :hash, :now) RETURNING " + COLUMNS)
                .bind("name", name)
                .bind("scopes", scopes.stream().map(Scope::wire).collect(Collectors.joining(",")))
                .bind("hash", keyHash)
                .bind("now", Rows.millis(now))
                .map(KEY)
                .one());
    }

    @Override
    public List<ServiceKey> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM service_keys ORDER BY id").map(KEY).list());
    }

    @Override
    public Optional<ServiceKey> findByHash(String keyHash) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM service_keys WHERE key_hash = :hash")
                .bind("hash", keyHash)
                .map(KEY)
                .findOne());
    }

    @Override
    public boolean delete(long id) {
        return db.write(h -> h.createUpdate("DELETE FROM service_keys WHERE id = :id").bind("id", id).execute()) > 0;
    }

    @Override
    public void touch(long id, Instant at) {
        db.write(h -> h.createUpdate("UPDATE service_keys SET last_used_at = :at"
                        + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
                .bind("at", Rows.millis(at))
                .bind("id", id)
                .execute());
    }
}
