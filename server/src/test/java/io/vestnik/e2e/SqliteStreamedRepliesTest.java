package io.vestnik.e2e;

import io.vestnik.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;

class SqliteStreamedRepliesTest extends StreamedRepliesContract {
    @BeforeAll
    static void startNode() {
        start(TestNode.Storage.SQLITE);
    }
}
