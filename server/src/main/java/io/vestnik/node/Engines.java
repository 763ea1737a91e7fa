package io.vestnik.node;

import io.vestnik.blob.BlobStore;
import io.vestnik.blob.disk.DiskBlobStore;
import io.vestnik.blob.s3.S3BlobStore;
import io.vestnik.broker.Broker;
import io.vestnik.broker.MemoryBroker;
import io.vestnik.broker.postgres.PostgresBroker;
import io.vestnik.broker.redis.RedisBroker;
import io.vestnik.cache.ChatCache;
import io.vestnik.cache.MemoryChatCache;
import io.vestnik.cache.RedisChatCache;
import io.vestnik.config.Config;
import io.vestnik.config.ExportSettings;
import io.vestnik.export.EventExport;
import io.vestnik.export.kafka.KafkaExport;
import io.vestnik.export.nats.NatsExport;
import io.vestnik.export.rabbitmq.RabbitMqExport;
import io.vestnik.presence.MemoryPresence;
import io.vestnik.presence.PostgresPresence;
import io.vestnik.presence.PresenceTiming;
import io.vestnik.presence.Presence;
import io.vestnik.presence.RedisPresence;
import io.vestnik.ratelimit.LocalRateLimiter;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.ratelimit.RedisRateLimiter;
import io.vestnik.redis.RedisConnections;
import io.vestnik.store.Storage;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.TicketLedger;
import io.vestnik.store.redis.RedisTicketLedger;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import java.time.Clock;

/**
 * Picks every engine from the configuration, in one place, and fails fast on one this build
 * cannot provide. No engine registers itself anywhere.
 */
final class Engines {
    private Engines() {}

    static Storage storage(Config config, StorageMeters meters) {
        return config.usesPostgres()
                ? new PostgresStorage(config.database(), meters, config.searchLanguage(), config.partitionInterval())
                : new SqliteStorage(config.dataDir(), meters, config.searchLanguage());
    }

    /** S3 when a bucket is configured; files under the data directory otherwise. */
    static BlobStore blobStore(Config config) {
        return config.s3() != null ? S3BlobStore.connect(config.s3()) : new DiskBlobStore(config.dataDir().resolve("blobs"));
    }

    static Broker broker(Config config) {
        return switch (config.broker()) {
            case MEMORY -> new MemoryBroker();
            case REDIS -> new RedisBroker(config.redisUrl(), config.nodeId());
            case POSTGRES -> new PostgresBroker(config.database(), config.nodeId());
        };
    }

    /** The node's one Redis client, or null without {@code VESTNIK_REDIS_URL}; the caller closes it. */
    static RedisConnections redis(Config config) {
        return config.redisUrl() == null ? null : new RedisConnections(config.redisUrl());
    }

    /**
     * Global presence in Redis when there is one; else in PostgreSQL when nodes share it through
     * the PostgreSQL broker; else this node's memory (one node).
     */
    static Presence presence(Config config, RedisConnections redis) {
        PresenceTiming timing = PresenceTiming.forTtl(config.presenceTtl());
        if (redis != null) return new RedisPresence(redis, config.nodeId(), timing);
        if (config.broker() == Config.BrokerKind.POSTGRES) return new PostgresPresence(config.database(), config.nodeId(), timing);
        return new MemoryPresence();
    }

    /** Chats this node's memory holds when there is no Redis: about 100 messages each. */
    static final int MEMORY_CACHE_CHATS = 2_000;

    /** The chat cache every node shares in Redis when there is one, else this node's memory. */
    static ChatCache chatCache(Storage storage, Clock clock, RedisConnections redis) {
        return redis == null ? new MemoryChatCache(MEMORY_CACHE_CHATS) : new RedisChatCache(redis, storage.id(), clock);
    }

    /** Limits shared through Redis when there is one (local while it is down), else this node's memory. */
    static RateLimiter rateLimiter(Config config, Clock clock, RedisConnections redis) {
        if (!config.rateLimits()) return RateLimiter.UNLIMITED;
        return redis == null ? new LocalRateLimiter(clock) : new RedisRateLimiter(redis, clock);
    }

    /**
     * Used tickets in Redis when there is one, else in the database every node shares (or the one
     * node's SQLite): never in memory, so a restart forgets none (decision 0011).
     */
    static TicketLedger ticketLedger(Storage storage, Clock clock, RedisConnections redis) {
        return redis == null ? storage.usedTickets() : new RedisTicketLedger(redis, clock);
    }

    /** The broker events are exported to (decision 0034), or null for {@code VESTNIK_EXPORT=none}. */
    static EventExport export(ExportSettings export) {
        return switch (export.engine()) {
            case NONE -> null;
            case KAFKA -> new KafkaExport(export.kafkaServers(), export.kafkaTopic(), export.timeout());
            case NATS -> new NatsExport(export.natsUrl(), export.natsStream(), export.natsSubject(), export.timeout());
            case RABBITMQ -> new RabbitMqExport(export.rabbitMqUrl(), export.rabbitMqExchange(), export.timeout());
        };
    }
}
