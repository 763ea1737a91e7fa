package io.vestnik.metrics;

import java.util.Locale;

/**
 * Why a live connection (a WebSocket upgrade, an SSE stream, a long poll) was refused or failed to
 * open; the {@code cause} tag of {@code vestnik_connection_errors_total}.
 */
public enum Refusal {
    /** The browser's Origin is not allowed. */
    ORIGIN,
    /** No valid ticket or token, or a ticket already used. */
    AUTH,
    /** The address's connection limit, or the user's stream slots, are spent. */
    RATE_LIMIT,
    /** The node is draining for shutdown. */
    DRAINING,
    /** A malformed request: a bad query string or cursor. */
    PROTOCOL,
    /** The upgrade was accepted but its handshake failed, or the connection could not be opened. */
    HANDSHAKE,
    /** Storage did not answer while authenticating or opening. */
    UNAVAILABLE;

    /** The tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
