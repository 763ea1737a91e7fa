package io.vestnik.e2e;

import io.vestnik.config.S3Settings;
import io.vestnik.testing.S3rverServer;
import io.vestnik.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same files contract with the node's blobs in an S3-compatible bucket (s3rver on a private port). */
class S3FilesTest extends FilesContract {
    private static S3rverServer s3;

    @BeforeAll
    static void start() {
        s3 = S3rverServer.start();
        S3Settings bucket = s3.settings();
        startNode(TestNode.Storage.POSTGRES, Map.of("VESTNIK_S3_ENDPOINT", bucket.endpoint(), "VESTNIK_S3_BUCKET", bucket.bucket(),
                "VESTNIK_S3_REGION", bucket.region(), "VESTNIK_S3_ACCESS_KEY", bucket.accessKey(),
                "VESTNIK_S3_SECRET_KEY", bucket.secretKey()));
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) s3.close();
    }
}
