package io.vestnik.store;

import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
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
    protected Storage open() {
        return new PostgresStorage(database.url());
    }
}
