package io.vestnik.e2e;

import io.vestnik.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;

class PostgresGroupModerationTest extends GroupModerationContract {
    @BeforeAll
    static void start() {
        startNode(TestNode.Storage.POSTGRES);
    }
}
