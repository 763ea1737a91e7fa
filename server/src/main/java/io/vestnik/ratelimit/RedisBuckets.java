package io.vestnik.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vestnik.redis.RedisHandle;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Token buckets and blocks in Redis, shared by every node: the bucket of a limit and key is
 * {@code vestnik:rl:<limit>:<key>} (Bucket4j, compare-and-swap), its block
 * {@code vestnik:rl:block:<limit>:<key>} (a key that expires when the block ends). Every call
 * gives up after {@code timeout} with an exception. Each command names one key (Bucket4j's
 * compare-and-swap too), so on a Redis Cluster buckets spread over the shards. Thread-safe; blocks for two or three round trips.
 */
final class RedisBuckets implements AutoCloseable {
    private static final String PREFIX = "vestnik:rl:";
    private static final byte[] BLOCKED = {1};

    private final RedisHandle<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final ProxyManager<String> buckets;
    private final long timeoutMillis;

    RedisBuckets(RedisHandle<String, byte[]> connection, Duration timeout) {
        this.connection = connection;
        this.redis = connection.async();
        this.timeoutMillis = timeout.toMillis();
        // A bucket that has refilled says nothing a fresh one would not, so Redis may forget it.
        this.buckets = builder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(timeout)
                .build();
    }

    /** Bucket4j needs the connection's own type: a cluster connection routes each bucket to its slot. */
    @SuppressWarnings("unchecked")
    private static Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder(RedisHandle<String, byte[]> connection) {
        return connection.connection() instanceof StatefulRedisClusterConnection<?, ?> cluster
                ? Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<String, byte[]>) cluster)
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection.connection());
    }

    Decision acquire(Limit limit, String key) throws ExecutionException, TimeoutException, InterruptedException {
        String blockKey = PREFIX + "block:" + limit.name() + ":" + key;
        long blockedFor = redis.pttl(blockKey).get(timeoutMillis, TimeUnit.MILLISECONDS);
        if (blockedFor > 0) return Buckets.refused(limit, blockedFor);
        ConsumptionProbe probe = buckets.builder()
                .build(PREFIX + limit.name() + ":" + key, () -> Buckets.configuration(limit))
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return Buckets.allowed(limit, probe);
        if (!limit.block().isZero()) {
            // NX: a node that sees the bucket empty a moment later does not push the block's end out.
            redis.set(blockKey, BLOCKED, SetArgs.Builder.nx().px(limit.block().toMillis())).get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return Buckets.exceeded(limit, probe);
    }

    @Override
    public void close() {
        connection.close();
    }
}
