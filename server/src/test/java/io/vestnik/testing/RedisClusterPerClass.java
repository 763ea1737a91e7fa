package io.vestnik.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisCluster} started before a test class and stopped after it:
 * {@code @RegisterExtension static final RedisClusterPerClass redis = new RedisClusterPerClass();}
 */
public final class RedisClusterPerClass implements BeforeAllCallback, AfterAllCallback {
    private RedisCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RedisCluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cluster.close();
    }

    /** {@link RedisCluster#url()}: the value of {@code VESTNIK_REDIS_URL} that reaches it. */
    public String url() {
        return cluster.url();
    }
}
