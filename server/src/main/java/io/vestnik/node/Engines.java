package io.vestnik.node;

import io.vestnik.broker.Broker;
import io.vestnik.broker.MemoryBroker;
import io.vestnik.broker.postgres.PostgresBroker;
import io.vestnik.broker.redis.RedisBroker;
import io.vestnik.config.Config;
import io.vestnik.presence.MemoryPresence;
import io.vestnik.presence.Presence;
import io.vestnik.ratelimit.LocalRateLimiter;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import java.time.Clock;

/**
 * Picks every engine from the configuration, in one place, and fails fast on one this build
 * cannot provide. No engine registers itself anywhere.
 */
final class Engines {
    private Engines() {}

    static Storage storage(Config config) {
        return config.usesPostgres() ? new PostgresStorage(config.databaseUrl()) : new SqliteStorage(config.dataDir());
    }

    static Broker broker(Config config) {
        return switch (config.broker()) {
            case MEMORY -> new MemoryBroker();
            case REDIS -> new RedisBroker(config.redisUrl(), config.nodeId());
            case POSTGRES -> new PostgresBroker(config.databaseUrl(), config.nodeId());
        };
    }

    static Presence presence(Config config) {
        return new MemoryPresence();
    }

    static RateLimiter rateLimiter(Config config, Clock clock) {
        return config.rateLimits() ? new LocalRateLimiter(clock) : RateLimiter.UNLIMITED;
    }
}
