package io.vestnik.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client per node, shared by the Redis engines; each engine opens its own connection
 * from it. A {@link RedisTarget#cluster() cluster} target gets a {@link RedisClusterClient} that
 * follows the topology (refreshed every {@link #TOPOLOGY_REFRESH} and on MOVED/ASK or a lost
 * node), so a replica that takes over from a dead master is used within seconds; one URL gets a
 * {@link RedisClient}. Closing this closes every connection it opened. Thread-safe.
 *
 * <p>Connections reconnect by themselves (backing off to at most 2 s, so an outage ends within
 * seconds of Redis coming back) and reject commands while disconnected instead of queueing them:
 * a caller learns at once that Redis is away and can fall back, rather than waiting out a timeout.
 */
public final class RedisConnections implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final AbstractRedisClient client;

    public RedisConnections(String redisUrl) {
        this(RedisTarget.parse(redisUrl));
    }

    public RedisConnections(RedisTarget target) {
        resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = target.cluster() ? clusterClient(resources, target, COMMAND_TIMEOUT, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                : standaloneClient(target);
    }

    private RedisClient standaloneClient(RedisTarget target) {
        RedisClient standalone = RedisClient.create(resources, target.seeds(COMMAND_TIMEOUT).getFirst());
        standalone.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(socketOptions())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return standalone;
    }

    /** A cluster client that follows failovers and reshards; shared with the broker's own client. */
    public static RedisClusterClient clusterClient(ClientResources resources, RedisTarget target, Duration timeout,
                                                   ClientOptions.DisconnectedBehavior whileDisconnected) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, target.seeds(timeout));
        cluster.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(socketOptions())
                .disconnectedBehavior(whileDisconnected)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .build())
                .build());
        return cluster;
    }

    private static SocketOptions socketOptions() {
        return SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();
    }

    /** True when the target is a Redis Cluster: multi-key scripts must then keep to one slot. */
    public boolean cluster() {
        return client instanceof RedisClusterClient;
    }

    /** A new connection with string keys and values; throws when Redis cannot be reached now. */
    public RedisHandle<String, String> strings() {
        return open(StringCodec.UTF8);
    }

    /** A new connection with string keys and byte values (what Bucket4j stores). */
    public RedisHandle<String, byte[]> bytes() {
        return open(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    private <K, V> RedisHandle<K, V> open(RedisCodec<K, V> codec) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<K, V> connection = cluster.connect(codec);
            return new RedisHandle<>(connection, connection.sync(), connection.async());
        }
        StatefulRedisConnection<K, V> connection = ((RedisClient) client).connect(codec);
        return new RedisHandle<>(connection, connection.sync(), connection.async());
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
