package io.vestnik.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * PostgreSQL storage over a JDBC URL. One pool serves reads and writes; transactions run at
 * READ COMMITTED, where the chat row lock taken by an append is what orders a chat's messages.
 */
public final class PostgresStorage extends JdbcStorage {
    private static final int POOL_SIZE = 16;

    private final String jdbcUrl;

    public PostgresStorage(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    protected HikariDataSource openWritePool() {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vestnik-postgres");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(POOL_SIZE);
        return new HikariDataSource(hikari);
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
    protected Dialect dialect() {
        return new PostgresDialect();
    }
}
