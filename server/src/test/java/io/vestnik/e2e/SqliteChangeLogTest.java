package io.vestnik.e2e;

import io.vestnik.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;

class SqliteChangeLogTest extends ChangeLogContract {
    @BeforeAll
    static void start() {
        startNode(TestNode.Storage.SQLITE);
    }
}
