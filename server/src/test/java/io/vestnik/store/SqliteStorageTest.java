package io.vestnik.store;

import io.vestnik.store.sql.SqliteStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dataDir;

    @Override
    protected Storage open() {
        return new SqliteStorage(dataDir.resolve("data"));
    }
}
