package io.vestnik.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/**
 * One connection to the node's Redis, standalone or cluster alike: the commands both share. On a
 * cluster a key's command goes to the master of its slot, and a multi-key command or script must
 * name keys of one slot (hash tags). Thread-safe, as the Lettuce connection it wraps.
 */
public record RedisHandle<K, V>(StatefulConnection<K, V> connection, RedisClusterCommands<K, V> sync,
                                RedisClusterAsyncCommands<K, V> async) implements AutoCloseable {

    public void setTimeout(Duration timeout) {
        connection.setTimeout(timeout);
    }

    public Duration timeout() {
        return connection.getTimeout();
    }

    @Override
    public void close() {
        connection.close();
    }
}
