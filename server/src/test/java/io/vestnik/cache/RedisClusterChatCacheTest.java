package io.vestnik.cache;

import io.vestnik.config.PostgresUrl;
import io.vestnik.redis.RedisConnections;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.RedisCluster;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract on a real three-master Redis Cluster (entries spread by chat), over PostgreSQL. */
class RedisClusterChatCacheTest extends ChatCacheContract {
    private static PostgresDatabase database;
    private static RedisCluster cluster;
    private RedisConnections redis;

    @BeforeAll
    static void startServers() {
        database = PostgresDatabase.create();
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopServers() {
        cluster.close();
        database.close();
    }

    @Override
    protected Storage openStorage() {
        return new PostgresStorage(PostgresUrl.parse(database.url()));
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
