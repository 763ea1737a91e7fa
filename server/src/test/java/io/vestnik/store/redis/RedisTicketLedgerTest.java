package io.vestnik.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.redis.RedisHandle;
import io.vestnik.redis.RedisConnections;
import io.vestnik.store.TicketLedger;
import io.vestnik.store.TicketLedgerContract;
import io.vestnik.testing.Await;
import io.vestnik.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ledger's promises through the Redis every node shares, and failing closed while Redis is gone. */
@Timeout(60)
class RedisTicketLedgerTest extends TicketLedgerContract {
    private RedisConnections first;
    private RedisConnections second;

    @Override
    protected TicketLedger open() {
        first = new RedisConnections(RedisServer.SHARED_URL);
        return new RedisTicketLedger(first, Clock.systemUTC());
    }

    @Override
    protected TicketLedger openPeer(TicketLedger ledger) {
        second = new RedisConnections(RedisServer.SHARED_URL);
        return new RedisTicketLedger(second, Clock.systemUTC());
    }

    @Override
    protected void closeAll() {
        second.close();
        first.close();
    }

    @Test
    void a_claim_leaves_redis_by_itself_when_the_ticket_expires() {
        String nonce = UUID.randomUUID().toString();
        new RedisTicketLedger(first, Clock.systemUTC()).claim(nonce, Instant.now().plusSeconds(30));
        try (RedisHandle<String, String> redis = first.strings()) {
            assertThat(redis.sync().pttl("vestnik:ticket:" + nonce)).isBetween(25_000L, 30_000L);
        }
    }

    @Test
    void fails_closed_while_redis_is_down_and_claims_again_once_it_is_back() {
        try (RedisServer server = RedisServer.start(); RedisConnections redis = new RedisConnections(server.url())) {
            TicketLedger ledger = new RedisTicketLedger(redis, Clock.systemUTC());
            assertThat(ledger.claim(UUID.randomUUID().toString(), inAMinute())).isTrue();
            server.stop();

            long started = System.nanoTime();
            assertThatThrownBy(() -> ledger.claim(UUID.randomUUID().toString(), inAMinute()))
                    .isInstanceOf(TicketLedger.Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no hang").isLessThan(Duration.ofSeconds(3));

            server.launch();
            Await.until("claims succeed again", Duration.ofSeconds(15), () -> claims(ledger));
        }
    }

    @Test
    void fails_closed_when_redis_is_down_from_the_start() {
        try (RedisServer server = RedisServer.start(); RedisConnections redis = new RedisConnections(server.url())) {
            server.stop();
            TicketLedger ledger = new RedisTicketLedger(redis, Clock.systemUTC());
            assertThatThrownBy(() -> ledger.claim(UUID.randomUUID().toString(), inAMinute()))
                    .isInstanceOf(TicketLedger.Unavailable.class);
            server.launch();
            Await.until("claims succeed once Redis is up", Duration.ofSeconds(15), () -> claims(ledger));
        }
    }

    private static boolean claims(TicketLedger ledger) {
        try {
            return ledger.claim(UUID.randomUUID().toString(), inAMinute());
        } catch (TicketLedger.Unavailable e) {
            return false;
        }
    }

    private static Instant inAMinute() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }
}
