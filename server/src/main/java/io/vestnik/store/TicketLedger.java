package io.vestnik.store;

import java.time.Instant;

/**
 * Remembers which WebSocket tickets have been used, so each opens one connection on any node
 * (decision 0011). Implementations: {@code RedisTicketLedger} (when the node has Redis) and the
 * storage's {@link UsedTicketStore}. What every implementation promises (checked by
 * {@code TicketLedgerContract}):
 * <ul>
 *   <li><b>Once.</b> {@link #claim} answers true for exactly one call per nonce, however many
 *       threads and nodes sharing the ledger race for it; every other call answers false.</li>
 *   <li><b>Durability.</b> A claim is remembered at least until {@code until}, across restarts
 *       of the node (not of Redis without persistence: a ticket is then at worst replayable
 *       until its own expiry, as before 0011). Afterwards it may be forgotten.</li>
 *   <li><b>Fails closed.</b> When the ledger cannot be reached or does not answer within a few
 *       seconds, {@link #claim} throws {@link Unavailable}; it never answers true without having
 *       recorded the claim.</li>
 *   <li><b>Thread.</b> Thread-safe and <b>blocking</b> (a network or database round trip): call it
 *       off the event loop.</li>
 * </ul>
 */
public interface TicketLedger {

    /**
     * Records {@code nonce} as used until {@code until}.
     *
     * @return true the first time, false for every later call with the same nonce
     * @throws Unavailable when the ledger cannot say
     */
    boolean claim(String nonce, Instant until);

    /** The ledger cannot be reached now; the same claim may succeed later. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
