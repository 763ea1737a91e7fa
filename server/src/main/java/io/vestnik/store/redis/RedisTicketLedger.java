package io.vestnik.store.redis;

import io.lettuce.core.SetArgs;
import io.vestnik.redis.RedisConnections;
import io.vestnik.redis.RedisHandle;
import io.vestnik.store.TicketLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Claims as Redis keys {@code vestnik:ticket:<nonce>}, each one {@code SET NX PX}: Redis runs
 * commands one at a time, so exactly one SET of a nonce finds the key absent, and the key expires
 * by itself once the ticket could no longer be accepted. One key per claim, so on a Redis Cluster
 * claims spread over the shards.
 *
 * <p>Fails closed: any Redis error or reply slower than {@link #TIMEOUT} is {@link Unavailable}.
 * After a failed connect, claims fail at once for {@link #AWAY}, so upgrades queued behind it do
 * not each wait out a connect timeout. Thread-safe (one shared Lettuce connection, opened on first
 * use so a node starts while Redis is down; Lettuce reconnects it after an outage, and closing the
 * node's {@link RedisConnections} closes it).
 */
public final class RedisTicketLedger implements TicketLedger {
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration AWAY = Duration.ofSeconds(1);
    private static final String PREFIX = "vestnik:ticket:";

    private final RedisConnections redis;
    private final Clock clock;
    private RedisHandle<String, String> connection;
    private long awayUntil;

    public RedisTicketLedger(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean claim(String nonce, Instant until) {
        long keepMillis = Math.max(1, until.toEpochMilli() - clock.millis());
        try {
            return "OK".equals(connection().sync().set(PREFIX + nonce, "1", SetArgs.Builder.nx().px(keepMillis)));
        } catch (RuntimeException e) {
            throw new Unavailable("Redis unavailable: " + e.getMessage(), e);
        }
    }

    private synchronized RedisHandle<String, String> connection() {
        if (clock.millis() < awayUntil) throw new IllegalStateException("Redis away after a failed connect");
        if (connection == null) {
            try {
                connection = redis.strings();
            } catch (RuntimeException e) {
                awayUntil = clock.millis() + AWAY.toMillis();
                throw e;
            }
            connection.setTimeout(TIMEOUT);
        }
        return connection;
    }
}
