package io.vestnik.protocol;

/**
 * WebSocket close codes Vestnik sends, and what a client does on each.
 * 1000-1015 are the RFC 6455 codes; 4000-4999 are Vestnik's own.
 */
public final class CloseCodes {
    /** A text frame that is not valid UTF-8 (RFC 6455 §8.1): a broken client; reconnect only after fixing it. */
    public static final int INVALID_PAYLOAD = 1007;
    /** Server restarting or draining: reconnect with backoff (any node), then resume. */
    public static final int RESTARTING = 1012;
    /** Missing, expired or revoked credentials: do not reconnect until signed in again. */
    public static final int UNAUTHORIZED = 4001;
    /** Policy violation (oversized frame, flooding): reconnect only after fixing the client. */
    public static final int POLICY_VIOLATION = 4008;
    /**
     * The client read too slowly: more than the outbound bound was waiting for it. Reconnect and
     * resume; what it missed is in storage.
     */
    public static final int SLOW_CONSUMER = 4009;
    /** Heartbeat missed: the connection was silent too long; reconnect and resume. */
    public static final int HEARTBEAT_TIMEOUT = 4000;

    private CloseCodes() {}
}
