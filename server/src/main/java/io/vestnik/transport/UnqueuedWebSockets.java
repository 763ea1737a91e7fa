package io.vestnik.transport;

import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an accepted WebSocket the write path that strict thread mode gives HTTP connections
 * (decision 0041): writes go straight to the channel instead of through Vert.x's per-connection
 * outbound queue, whose first chunk alone, 1,024 slots, is about 4 KB per idle socket.
 *
 * <p>Vert.x 5.0 builds the upgraded connection without looking at
 * {@code HttpServerOptions#setStrictThreadMode}, so the queue is swapped here, through Vert.x
 * internals. Safe only because the gateway touches a WebSocket from its event loop alone
 * (decision 0039); a write from another thread would no longer be queued and handed over.
 * Should a Vert.x upgrade move these internals, sockets keep their queue: they work as before, only
 * larger, and one warning says so.
 */
public final class UnqueuedWebSockets {
    private static final Logger log = LoggerFactory.getLogger(UnqueuedWebSockets.class);
    private static final Internals INTERNALS = Internals.find();

    private UnqueuedWebSockets() {}

    /**
     * Drops the outbound queue of a socket just accepted, before anything is written to it; call it
     * on the socket's event loop.
     *
     * @return whether the queue was dropped: false when this Vert.x version's internals are not the
     *         ones expected
     */
    public static boolean dropOutboundQueue(ServerWebSocket socket) {
        if (INTERNALS == null) return false;
        try {
            Object connection = INTERNALS.connection().get(socket);
            INTERNALS.queue().set(connection, INTERNALS.direct().newInstance(connection));
            return true;
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            log.warn("WebSocket outbound queue kept: {}", unexpected.toString());
            return false;
        }
    }

    /** {@code WebSocketImplBase.conn}, {@code VertxConnection.outboundMessageQueue} and its direct variant. */
    private record Internals(Field connection, Field queue, Constructor<?> direct) {
        static Internals find() {
            try {
                Field connection = Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("conn");
                Class<?> vertxConnection = Class.forName("io.vertx.core.net.impl.VertxConnection");
                Field queue = vertxConnection.getDeclaredField("outboundMessageQueue");
                Constructor<?> direct = Class.forName("io.vertx.core.net.impl.VertxConnection$DirectOutboundMessageQueue")
                        .getDeclaredConstructor(vertxConnection);
                connection.setAccessible(true);
                queue.setAccessible(true);
                direct.setAccessible(true);
                return new Internals(connection, queue, direct);
            } catch (ReflectiveOperationException | RuntimeException missing) {
                log.warn("Vert.x internals not as expected; WebSockets keep their outbound queue: {}", missing.toString());
                return null;
            }
        }
    }
}
