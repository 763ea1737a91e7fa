package io.vestnik.store;

import io.vestnik.store.sql.SqliteStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ledger in the embedded database: one node, so its "other node" is itself. */
class SqliteTicketLedgerTest extends TicketLedgerContract {
    @TempDir
    Path dataDir;

    private Storage storage;

    @Override
    protected TicketLedger open() {
        storage = new SqliteStorage(dataDir.resolve("data"));
        storage.start();
        return storage.usedTickets();
    }

    @Override
    protected TicketLedger openPeer(TicketLedger ledger) {
        return ledger;
    }

    @Override
    protected void closeAll() {
        storage.close();
    }
}
