package io.vestnik.e2e;

import io.vestnik.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;

class PostgresThreadsTest extends ThreadsContract {
    @BeforeAll
    static void startThreads() {
        start(TestNode.Storage.POSTGRES);
    }
}
