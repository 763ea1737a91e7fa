package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link TicketLedger} promises (its Javadoc), run against each implementation by a
 * subclass that says how to make one. Nonces are random, so ledgers that share state across runs
 * (Redis, a database) start every test clean.
 */
@Timeout(60)
public abstract class TicketLedgerContract {
    private static final int RACERS = 16;

    private TicketLedger ledger;
    private TicketLedger peer;

    /** A new ledger, as a node would get it. */
    protected abstract TicketLedger open();

    /** What another node sharing {@link #open()}'s state gets; a one-node ledger answers its own. */
    protected abstract TicketLedger openPeer(TicketLedger ledger);

    /** Releases what {@link #open} and {@link #openPeer} took. */
    protected void closeAll() throws Exception {}

    @BeforeEach
    void openLedger() {
        ledger = open();
        peer = openPeer(ledger);
    }

    @AfterEach
    void closeLedger() throws Exception {
        closeAll();
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static Instant inAMinute() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    @Test
    void a_nonce_is_claimed_the_first_time_only() {
        String nonce = nonce();
        assertThat(ledger.claim(nonce, inAMinute())).isTrue();
        assertThat(ledger.claim(nonce, inAMinute())).isFalse();
        assertThat(ledger.claim(nonce, inAMinute())).isFalse();
    }

    @Test
    void each_nonce_is_claimed_on_its_own() {
        assertThat(ledger.claim(nonce(), inAMinute())).isTrue();
        assertThat(ledger.claim(nonce(), inAMinute())).isTrue();
    }

    @Test
    void a_nonce_claimed_on_one_node_is_refused_on_another() {
        String nonce = nonce();
        assertThat(ledger.claim(nonce, inAMinute())).isTrue();
        assertThat(peer.claim(nonce, inAMinute())).isFalse();
    }

    @Test
    void of_many_racing_claims_on_two_nodes_exactly_one_wins() throws Exception {
        String nonce = nonce();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            TicketLedger node = i % 2 == 0 ? ledger : peer;
            racers.add(() -> node.claim(nonce, inAMinute()));
        }
        int wins = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(RACERS)) {
            for (Future<Boolean> claim : threads.invokeAll(racers)) wins += claim.get() ? 1 : 0;
        }
        assertThat(wins).isEqualTo(1);
    }
}
