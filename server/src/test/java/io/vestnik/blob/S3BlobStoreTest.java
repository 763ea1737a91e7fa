package io.vestnik.blob;

import io.vestnik.blob.s3.S3BlobStore;
import io.vestnik.testing.S3rverServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real S3-compatible server (s3rver) on a private port. */
class S3BlobStoreTest implements BlobStoreContract {
    private static S3rverServer server;
    private static S3BlobStore store;

    @BeforeAll
    static void start() {
        server = S3rverServer.start();
        store = S3BlobStore.connect(server.settings());
    }

    @AfterAll
    static void stop() {
        if (store != null) store.close();
        if (server != null) server.close();
    }

    @Override
    public BlobStore store() {
        return store;
    }
}
