package io.vestnik.store;

import io.vestnik.search.SearchLanguage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The promises every {@link Storage} keeps, run against each engine by a subclass that says how to
 * open it. The promises themselves live in the contract interfaces, one per concern.
 */
@Timeout(120)
public abstract class StorageContract implements MessageContract, SearchContract, SearchLanguageContract, ConcurrencyContract,
        GroupCommitContract, ChatContract, AccountContract, RetentionContract, ServiceKeyContract, HostUserContract,
        NotificationContract, WebhookContract, ReactionContract, ChangeContract, ExportQueueContract, GroupModerationContract {
    private Storage storage;

    /** A new, not yet started storage over the same database on every call within one test, searching in {@code language}. */
    protected abstract Storage open(SearchLanguage language);

    private Storage open() {
        return open(SearchLanguage.DEFAULT);
    }

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
        return reopenIn(SearchLanguage.DEFAULT);
    }

    @Override
    public Storage reopenIn(SearchLanguage language) {
        storage.close();
        storage = open(language);
        storage.start();
        return storage;
    }
}
