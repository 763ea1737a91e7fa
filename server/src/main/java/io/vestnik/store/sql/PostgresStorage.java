package io.vestnik.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vestnik.config.PartitionInterval;
import io.vestnik.config.PostgresUrl;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.MessagePartitions;
import io.vestnik.store.StorageMeters;
import java.time.Instant;
import java.util.Optional;

/**
 * PostgreSQL storage over a JDBC URL. One pool serves reads and writes; transactions run at
 * READ COMMITTED, where the chat row lock taken by an append is what orders a chat's messages.
 */
public final class PostgresStorage extends JdbcStorage {
    private static final int POOL_SIZE = 16;
    /**
     * How long a borrow waits for a connection before failing. While the server is down a request
     * fails (503) after this instead of Hikari's default 30 s; once it is back, the pool's own
     * attempts reconnect it, with no restart of the node.
     */
    private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;
    /** A borrowed connection is checked (Hikari's default validation on borrow) within this; below the above. */
    private static final long VALIDATION_TIMEOUT_MILLIS = 1_000;

    private static final int MIN_IDLE = 2;
    /**
     * Append transactions at once: a lane's transaction is mostly round trips, so a few overlap
     * well, and each holds one of the pool's connections only while it runs.
     */
    private static final int APPEND_LANES = 4;

    private final PostgresUrl url;
    private final SearchLanguage searchLanguage;
    private final PartitionInterval partitionInterval;
    private PostgresMessagePartitions partitions;

    /** Without meters, with the default search language and partition interval. */
    public PostgresStorage(PostgresUrl url) {
        this(url, StorageMeters.NONE, SearchLanguage.DEFAULT);
    }

    /** With the default partition interval. */
    public PostgresStorage(PostgresUrl url, StorageMeters meters, SearchLanguage searchLanguage) {
        this(url, meters, searchLanguage, PartitionInterval.DEFAULT);
    }

    public PostgresStorage(PostgresUrl url, StorageMeters meters, SearchLanguage searchLanguage,
                           PartitionInterval partitionInterval) {
        super(meters);
        this.url = url;
        this.searchLanguage = searchLanguage;
        this.partitionInterval = partitionInterval;
    }

    /** A fresh install's empty table is partitioned before anything is stored; a full one by the upkeep job. */
    @Override
    protected void started(Db db) {
        partitions = new PostgresMessagePartitions(db, partitionInterval);
        partitions.convertIfEmpty(Instant.now());
    }

    @Override
    public Optional<MessagePartitions> partitions() {
        return Optional.of(partitions);
    }

    @Override
    protected HikariDataSource openWritePool() {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vestnik-postgres");
        hikari.setJdbcUrl(url.jdbc());
        hikari.setDataSourceProperties(url.credentials());
        hikari.setMaximumPoolSize(POOL_SIZE);
        // Grow on demand: N nodes holding POOL_SIZE idle connections each would use up the
        // server's max_connections long before they needed them.
        hikari.setMinimumIdle(MIN_IDLE);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        hikari.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        return open(hikari);
    }

    @Override
    protected HikariDataSource openReadPool(HikariDataSource writePool) {
        return writePool;
    }

    @Override
    protected String migrations() {
        return "classpath:db/postgres";
    }

    @Override
    protected int appendLanes() {
        return APPEND_LANES;
    }

    @Override
    protected Dialect dialect() {
        return new PostgresDialect(searchLanguage);
    }
}
