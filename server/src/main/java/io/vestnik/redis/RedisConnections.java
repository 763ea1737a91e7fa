package io.vestnik.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * One Lettuce {@link RedisClient} per node, shared by the Redis engines; each engine opens its own
 * connection from it. Closing this closes every connection it opened. Thread-safe.
 *
 * <p>Connections reconnect by themselves (backing off to at most 2 s, so an outage ends within
 * seconds of Redis coming back) and reject commands while disconnected instead of queueing them:
 * a caller learns at once that Redis is away and can fall back, rather than waiting out a timeout.
 */
public final class RedisConnections implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;

    public RedisConnections(String redisUrl) {
        resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(COMMAND_TIMEOUT);
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    /** A new connection with string keys and values; throws when Redis cannot be reached now. */
    public StatefulRedisConnection<String, String> strings() {
        return client.connect(StringCodec.UTF8);
    }

    /** A new connection with string keys and byte values (what Bucket4j stores). */
    public StatefulRedisConnection<String, byte[]> bytes() {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
