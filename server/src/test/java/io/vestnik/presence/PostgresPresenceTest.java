package io.vestnik.presence;

import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared presence contract on a fresh PostgreSQL database. */
class PostgresPresenceTest extends SharedPresenceContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
        // The storage's migrations create the presence tables, as on a node.
        try (PostgresStorage storage = new PostgresStorage(database.url())) {
            storage.start();
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected SharedPresence newPresence(String nodeId) {
        return new PostgresPresence(database.url(), nodeId, FAST);
    }
}
