package io.vestnik.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vestnik.search.SearchAnalyzer;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.DataDirectory;
import io.vestnik.store.StorageMeters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Embedded storage: one file {@code vestnik.db} in the data directory, created if missing.
 *
 * <p>WAL with {@code synchronous=FULL}: each commit is fsynced before it returns, because a
 * stored message is acknowledged to its sender as durable (NORMAL may lose the last commits on
 * power loss). SQLite has one writer at a time, so all writes go through a single pooled
 * connection that begins IMMEDIATE transactions: writer threads queue for that connection instead
 * of failing with SQLITE_BUSY, and transactions stay short. Reads use their own pool and, under
 * WAL, never wait for the writer. {@code busy_timeout} covers another process on the same file.
 *
 * <p>The database holds every message and password hash, so it is the server user's alone, like
 * the secret file: the file is created {@code 0600} (SQLite gives its {@code -wal} and
 * {@code -shm} files the database's mode) and a data directory created here is {@code 0700}.
 *
 * <p>Search terms are made in Java ({@link SearchFunctions}); when the configured language is not
 * the one the index was built in, start-up rebuilds the index before serving.
 */
public final class SqliteStorage extends JdbcStorage {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int READERS = 8;
    static final String MIGRATIONS = "classpath:db/sqlite";

    private final Path file;
    private final SearchAnalyzer analyzer;

    /** Without meters, with the default search language. */
    public SqliteStorage(Path dataDir) {
        this(dataDir, StorageMeters.NONE, SearchLanguage.DEFAULT);
    }

    public SqliteStorage(Path dataDir, StorageMeters meters, SearchLanguage language) {
        super(meters);
        this.file = databaseFile(dataDir);
        this.analyzer = new SearchAnalyzer(language);
        try {
            createOwnerOnly(dataDir, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the database of a data directory lives. */
    static Path databaseFile(Path dataDir) {
        return dataDir.resolve("vestnik.db");
    }

    /** Also narrows files an earlier version left readable by others; a directory that exists is the operator's choice. */
    private static void createOwnerOnly(Path dataDir, Path file) throws IOException {
        DataDirectory.createOwnerOnly(dataDir);
        if (!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        if (Files.notExists(file)) Files.createFile(file);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path path = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(path)) Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Override
    protected HikariDataSource openWritePool() {
        SQLiteConfig config = baseConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return pool("vestnik-sqlite-writer", config, 1);
    }

    @Override
    protected HikariDataSource openReadPool(HikariDataSource writePool) {
        return pool("vestnik-sqlite-reader", baseConfig(), READERS);
    }

    private static SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private HikariDataSource pool(String name, SQLiteConfig config, int size) {
        SQLiteDataSource source = new SQLiteDataSource(config) {
            @Override
            public SQLiteConnection getConnection(String username, String password) throws SQLException {
                SQLiteConnection connection = super.getConnection(username, password);
                SearchFunctions.register(connection, analyzer);
                return connection;
            }
        };
        source.setUrl("jdbc:sqlite:" + file);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        return open(hikari);
    }

    @Override
    protected String migrations() {
        return MIGRATIONS;
    }

    /** A node started in another language than the index's rebuilds it, in one transaction. */
    @Override
    protected void afterMigrations(Jdbi writer) {
        writer.useTransaction(h -> {
            String indexed = h.createQuery("SELECT language FROM search_index").mapTo(String.class).one();
            if (indexed.equals(analyzer.language().configName())) return;
            h.execute("INSERT INTO messages_search (messages_search) VALUES ('delete-all')");
            h.execute("INSERT INTO messages_search (rowid, terms) SELECT id, " + SearchFunctions.TERMS
                    + "(body) FROM messages WHERE NOT deleted");
            h.execute("UPDATE search_index SET language = " + SearchFunctions.LANGUAGE + "()");
        });
    }

    /** One writer connection: a second lane would only wait for it. */
    @Override
    protected int appendLanes() {
        return 1;
    }

    @Override
    protected Dialect dialect() {
        return new SqliteDialect(analyzer);
    }
}
