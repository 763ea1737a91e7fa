package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vestnik.auth.Principal;

/**
 * A client's open channel on this node: a WebSocket, an SSE stream or a waiting long poll. The
 * gateway keeps them to close a revoked session's, to drain at shutdown and to count them.
 */
public interface Link {
    String id();

    Principal principal();

    /** The event loop the link runs on. */
    Context context();

    /**
     * Ends the channel. {@code code} is a WebSocket close code ({@link io.vestnik.protocol.CloseCodes});
     * the other transports end their response in the way that tells the client the same.
     * Called on the link's event loop.
     */
    void close(int code, String reason);

    /**
     * Ends the channel because this node is stopping ({@link io.vestnik.protocol.CloseCodes#RESTARTING}),
     * after answering what the client already asked of it. Called on the link's event loop.
     */
    default void closeForRestart() {
        close(io.vestnik.protocol.CloseCodes.RESTARTING, "Server restarting");
    }

    /** Which transport it is, for the metrics. */
    io.vestnik.metrics.Transport transport();

    /**
     * How it ended, for the metrics: the WebSocket close code, or a short reason for the other
     * transports ({@link ConnectionOutcomes}). Asked once it has ended, on its event loop.
     */
    String closeCode();

    /** Bytes written to the client that it has not yet taken; from any thread, never blocking. */
    long queuedBytes();

    /** Called by the heartbeat sweep every second, from any thread; a link that must show it is alive writes then. */
    default void keepAlive(long nowMillis) {}
}
