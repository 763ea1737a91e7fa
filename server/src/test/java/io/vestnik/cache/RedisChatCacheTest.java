package io.vestnik.cache;

import io.vestnik.config.PostgresUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.redis.RedisConnections;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache contract on a private Redis (this class stops it), over PostgreSQL. */
class RedisChatCacheTest extends ChatCacheContract {
    private static PostgresDatabase database;
    private static RedisServer redisServer;
    private RedisConnections redis;

    @BeforeAll
    static void startServers() {
        database = PostgresDatabase.create();
        redisServer = RedisServer.start();
    }

    @AfterAll
    static void stopServers() {
        redisServer.close();
        database.close();
    }

    @Override
    protected Storage openStorage() {
        return new PostgresStorage(PostgresUrl.parse(database.url()));
    }

    @Override
    protected ChatCache openCache(Storage storage) {
        redis = new RedisConnections(redisServer.url());
        return new RedisChatCache(redis, storage.id(), Clock.systemUTC());
    }

    @AfterEach
    void closeRedis() {
        redis.close();
    }

    @Test
    void redis_outage_falls_back_to_storage_and_loses_nothing() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        for (int i = 0; i < 5; i++) sendHere(chat, ann, "before");
        cachedMessages.before(chat.id(), Long.MAX_VALUE, 51);
        assertThat(cache.get(chat.id())).isPresent();

        redisServer.stop();
        try {
            List<Message> sent = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                sent.add(sendHere(chat, ann, "during " + i));
                assertThat(cachedMessages.before(chat.id(), Long.MAX_VALUE, 51)).endsWith(sent.getLast());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("a dead Redis costs no timeout per read").isLessThan(Duration.ofSeconds(5));
            assertThat(sent).extracting(Message::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(6, 25).boxed().toList());
            assertLatestPageMatchesStorage(chat);
        } finally {
            redisServer.launch();
        }

        Thread.sleep(RedisChatCache.AWAY.toMillis() + 500);
        send(chat, ann, "after, from another node");
        assertLatestPageMatchesStorage(chat);
        double hitsBefore = hits("messages");
        assertLatestPageMatchesStorage(chat);
        assertThat(hits("messages")).as("the restarted, empty Redis is filled again").isEqualTo(hitsBefore + 1);
        assertThat(cachedMessages.after(chat.id(), 0, 51)).extracting(Message::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 26).boxed().toList());
    }

    @Test
    void databases_sharing_a_redis_never_read_each_others_entries() {
        User ann = user();
        Chat chat = group(ann);
        sendHere(chat, ann, "mine");
        cachedMessages.find(chat.id(), 1);
        try (RedisConnections other = new RedisConnections(redisServer.url())) {
            RedisChatCache otherDatabase = new RedisChatCache(other, "another-database", Clock.systemUTC());
            assertThat(otherDatabase.get(chat.id())).isEmpty();
            otherDatabase.close();
        }
    }
}
