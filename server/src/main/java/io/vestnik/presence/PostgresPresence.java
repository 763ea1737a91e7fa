package io.vestnik.presence;

import io.vestnik.config.PostgresUrl;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Presence shared by every node through PostgreSQL, for deployments without Redis (SQL in
 * {@link PresenceTables}). Each connect and disconnect is one transaction under a per-user advisory
 * lock (row change + count), so exactly one caller anywhere sees each transition, also when two
 * nodes change a user's connections at the same instant. Liveness, sweeping, the failure mode and
 * clean close are {@link SharedPresence}'s; the sweeper runs under an advisory try-lock.
 *
 * <p><b>Own pool.</b> A small pool of its own, so a burst of connects waits for presence
 * connections and never for the ones message writes use, and fails fast (after
 * {@link #ACQUIRE_TIMEOUT_MS}) instead of holding a gateway worker while PostgreSQL is away.
 *
 * <p>Thread-safe; calls block for a few round trips.
 */
public final class PostgresPresence extends SharedPresence {
    private static final int POOL_SIZE = 4;
    static final long ACQUIRE_TIMEOUT_MS = 2_000;

    private final HikariDataSource pool;
    private final PresenceTables tables;

    /** Opens its pool and lists this node; throws when PostgreSQL cannot be reached at start. */
    public PostgresPresence(PostgresUrl url, String nodeId, PresenceTiming timing) {
        super("PostgreSQL", nodeId);
        this.pool = open(url, nodeId);
        this.tables = new PresenceTables(Jdbi.create(pool), timing.aliveFor().toMillis());
        try {
            heartbeat();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        startUpkeep(timing);
    }

    private static HikariDataSource open(PostgresUrl url, String nodeId) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vestnik-presence");
        hikari.setJdbcUrl(url.jdbc());
        hikari.setDataSourceProperties(url.credentials());
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(ACQUIRE_TIMEOUT_MS);
        hikari.addDataSourceProperty("ApplicationName", "vestnik-presence:" + nodeId);
        return new HikariDataSource(hikari);
    }

    @Override
    protected boolean add(long userId, String connectionId) {
        return tables.connect(userId, connectionId, nodeId);
    }

    @Override
    protected boolean remove(long userId, String connectionId) {
        return tables.disconnect(userId, connectionId);
    }

    @Override
    protected Set<Long> onlineInStore(Collection<Long> userIds) {
        return tables.online(userIds);
    }

    @Override
    protected boolean heartbeat() {
        return tables.heartbeat(nodeId);
    }

    @Override
    protected List<Change> replace(Mode mode, Map<Long, Set<String>> held) {
        return tables.replace(nodeId, mode, held);
    }

    @Override
    protected void sweep(BiConsumer<String, List<Change>> swept) {
        tables.sweep(nodeId, swept);
    }

    @Override
    protected void release() {
        pool.close();
    }
}
