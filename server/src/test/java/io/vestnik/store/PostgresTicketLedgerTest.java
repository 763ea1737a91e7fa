package io.vestnik.store;

import io.vestnik.config.PostgresUrl;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger in PostgreSQL: each "node" its own pool over one fresh database. */
class PostgresTicketLedgerTest extends TicketLedgerContract {
    private static PostgresDatabase database;

    private Storage first;
    private Storage second;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected TicketLedger open() {
        first = started();
        return first.usedTickets();
    }

    @Override
    protected TicketLedger openPeer(TicketLedger ledger) {
        second = started();
        return second.usedTickets();
    }

    private static Storage started() {
        Storage storage = new PostgresStorage(PostgresUrl.parse(database.url()));
        storage.start();
        return storage;
    }

    @Override
    protected void closeAll() {
        second.close();
        first.close();
    }
}
