package io.vestnik.cache;

import io.vestnik.redis.RedisConnections;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.RedisClusterPerClass;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The cache contract on a real three-master Redis Cluster (entries spread by chat), over SQLite. */
class RedisClusterChatCacheTest extends ChatCacheContract {
    @RegisterExtension
    static final RedisClusterPerClass cluster = new RedisClusterPerClass();
    @TempDir
    Path dataDir;
    private RedisConnections redis;

    @Override
    protected Storage openStorage() {
        return new SqliteStorage(dataDir.resolve("data"));
    }

    @Override
    protected ChatCache openCache(Storage storage) {
        redis = new RedisConnections(cluster.url());
        return new RedisChatCache(redis, storage.id(), Clock.systemUTC());
    }

    @AfterEach
    void closeRedis() {
        redis.close();
    }
}
