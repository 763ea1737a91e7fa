package io.vestnik.store;

import io.vestnik.search.SearchLanguage;
import io.vestnik.config.PostgresUrl;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Against the local server; a fresh database per run, dropped afterwards. */
class PostgresStorageTest extends StorageContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected Storage open(SearchLanguage language) {
        return new PostgresStorage(PostgresUrl.parse(database.url()), StorageMeters.NONE, language);
    }

    @Override
    public AutoCloseable holdChat(long chatId) throws SQLException {
        Connection connection = DriverManager.getConnection(database.url());
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM chats WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, chatId);
            lock.executeQuery().close();
        }
        return connection::close;
    }
}
