package io.vestnik.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The promises every {@link Storage} keeps, run against each engine by a subclass that says how to
 * open it. The promises themselves live in the contract interfaces, one per concern.
 */
@Timeout(120)
public abstract class StorageContract implements MessageContract, SearchContract, ConcurrencyContract, GroupCommitContract, ChatContract,
        AccountContract, RetentionContract, ServiceKeyContract, HostUserContract, NotificationContract, WebhookContract {
    private Storage storage;

    /** A new, not yet started storage over the same database on every call within one test. */
    protected abstract Storage open();

    @BeforeEach
    void startStorage() {
        storage = open();
        storage.start();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public Storage reopen() {
        storage.close();
        storage = open();
        storage.start();
        return storage;
    }
}
