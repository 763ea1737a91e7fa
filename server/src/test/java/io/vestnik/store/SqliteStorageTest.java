package io.vestnik.store;

import io.vestnik.store.sql.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dataDir;

    @Override
    protected Storage open() {
        return new SqliteStorage(dataDir.resolve("data"));
    }

    /** SQLite locks the whole database for a writer: holding it holds every chat. */
    @Override
    public AutoCloseable holdChat(long chatId) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data").resolve("vestnik.db"));
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return connection::close;
    }
}
