package io.vestnik.e2e;

import io.vestnik.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;

class SqliteGroupModerationTest extends GroupModerationContract {
    @BeforeAll
    static void start() {
        startNode(TestNode.Storage.SQLITE);
    }
}
