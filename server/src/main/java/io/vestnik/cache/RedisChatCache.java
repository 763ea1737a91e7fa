package io.vestnik.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.SetArgs;
import io.vestnik.protocol.Json;
import io.vestnik.redis.RedisConnections;
import io.vestnik.redis.RedisHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries in the Redis every node shares: one JSON value per chat under
 * {@code vestnik:cache:<storage id>:chat:<id>}, version inside (the {@link io.vestnik.store.Storage#id()
 * storage id} keeps databases that share a Redis apart), expiring {@link #TTL} after its last write so
 * chats nobody reads leave Redis by themselves. Every command names one key, so on a Redis Cluster
 * entries spread over the shards by chat.
 *
 * <p>Redis is only ever a cache here: any failure or reply slower than {@link #TIMEOUT} is a miss
 * (or a dropped write), and Redis is then left alone for {@link #AWAY}, so a dead Redis costs
 * readers no timeout per read — they go to storage. Thread-safe (one shared Lettuce connection,
 * opened on first use so a node starts while Redis is down).
 */
public final class RedisChatCache implements ChatCache {
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration TIMEOUT = Duration.ofMillis(200);
    static final Duration AWAY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RedisChatCache.class);

    private final RedisConnections redis;
    private final Clock clock;
    private final String prefix;
    private RedisHandle<String, String> connection;
    private volatile long awayUntil;

    public RedisChatCache(RedisConnections redis, String storageId, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.prefix = "vestnik:cache:" + storageId + ":chat:";
    }

    private String key(long chatId) {
        return prefix + chatId;
    }

    @Override
    public Optional<ChatEntry> get(long chatId) {
        if (away()) return Optional.empty();
        String json;
        try {
            json = connection().sync().get(key(chatId));
        } catch (Exception e) {
            failed(e);
            return Optional.empty();
        }
        return json == null ? Optional.empty() : decode(json);
    }

    /** An entry this build cannot read (written by another version of Vestnik) is a miss; the rebuild replaces it. */
    private static Optional<ChatEntry> decode(String json) {
        try {
            return Optional.of(Json.MAPPER.readValue(json, ChatEntry.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(ChatEntry entry) {
        if (away()) return;
        try {
            connection().sync().set(key(entry.chat().id()), Json.write(entry), SetArgs.Builder.ex(TTL));
        } catch (Exception e) {
            failed(e);
        }
    }

    @Override
    public void remove(long chatId) {
        if (away()) return;
        try {
            connection().sync().del(key(chatId));
        } catch (Exception e) {
            failed(e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) connection.close();
    }

    private boolean away() {
        return clock.millis() < awayUntil;
    }

    private synchronized RedisHandle<String, String> connection() {
        // Callers queued here behind a failed connect must not each wait for their own.
        if (away()) throw new IllegalStateException("Redis away");
        if (connection == null) {
            connection = redis.strings();
            connection.setTimeout(TIMEOUT);
        }
        return connection;
    }

    private void failed(Exception e) {
        boolean wasUp = !away();
        awayUntil = clock.millis() + AWAY.toMillis();
        if (wasUp) log.warn("chat cache: Redis unreachable, reading storage for {} s: {}", AWAY.toSeconds(), e.toString());
    }
}
