package io.vestnik.transport;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.http.WebSocketInternal;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trims an accepted WebSocket down to what an open socket uses (decision 0041). Vert.x 5.0 keeps
 * two things for each socket's whole life that only its opening needed:
 *
 * <ul>
 *   <li>an outbound queue for writes from other threads, whose first chunk alone, 1,024 slots, is
 *       about 4 KB: strict thread mode drops it for HTTP connections but not for the upgraded one.
 *       Writes now go straight to the channel, as on HTTP connections; safe only because the gateway
 *       touches a WebSocket from its event loop alone (decision 0039).</li>
 *   <li>the upgrade itself, about 3 KB: the HTTP/1.x connection, request, response and headers,
 *       reachable from the factory its connection handler was built with and never calls again, and
 *       a copy of the request's headers: {@link ServerWebSocket#headers()} is empty afterwards.</li>
 * </ul>
 *
 * Both through Vert.x internals (WebSocketFootprintTest fails when a Vert.x upgrade moves them).
 * Should they move, sockets are left as they are: they work as before, only larger, and one
 * warning says so.
 */
public final class WebSocketFootprint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFootprint.class);
    private static final Internals INTERNALS = Internals.find();
    private static final AtomicBoolean warned = new AtomicBoolean();

    private WebSocketFootprint() {}

    /**
     * Trims a socket just accepted, before anything is written to it; call it on the socket's event loop.
     *
     * @return whether it was trimmed: false when this Vert.x version's internals are not the ones expected
     */
    public static boolean trim(ServerWebSocket socket) {
        if (INTERNALS == null) return false;
        try {
            Object connection = INTERNALS.connection().get(socket);
            INTERNALS.queue().set(connection, INTERNALS.direct().newInstance(connection));
            ChannelHandler handler = ((WebSocketInternal) socket).channelHandlerContext().handler();
            INTERNALS.factory().set(handler, Internals.BUILT);
            INTERNALS.headers().set(socket, Internals.NO_HEADERS);
            return true;
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            if (!warned.getAndSet(true)) log.warn("WebSockets not trimmed: {}", unexpected.toString());
            return false;
        }
    }

    /**
     * {@code WebSocketImplBase.conn} and {@code .headers}, {@code VertxConnection.outboundMessageQueue}
     * and its direct variant, {@code VertxHandler.connectionFactory}.
     */
    private record Internals(Field connection, Field queue, Constructor<?> direct, Field factory, Field headers) {
        /** Stands in for a connection handler's factory once its connection is built: it is never called again. */
        static final Function<Object, Object> BUILT = context -> {
            throw new IllegalStateException("the WebSocket's connection is built already");
        };

        /** What {@link ServerWebSocket#headers()} answers once trimmed: read-only, shared by all sockets. */
        static final MultiMap NO_HEADERS = new HeadersAdaptor(EmptyHttpHeaders.INSTANCE);

        static Internals find() {
            try {
                Class<?> vertxConnection = Class.forName("io.vertx.core.net.impl.VertxConnection");
                Internals internals = new Internals(
                        Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("conn"),
                        vertxConnection.getDeclaredField("outboundMessageQueue"),
                        Class.forName("io.vertx.core.net.impl.VertxConnection$DirectOutboundMessageQueue")
                                .getDeclaredConstructor(vertxConnection),
                        Class.forName("io.vertx.core.net.impl.VertxHandler").getDeclaredField("connectionFactory"),
                        Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("headers"));
                internals.connection().setAccessible(true);
                internals.queue().setAccessible(true);
                internals.direct().setAccessible(true);
                internals.factory().setAccessible(true);
                internals.headers().setAccessible(true);
                return internals;
            } catch (ReflectiveOperationException | RuntimeException missing) {
                log.warn("Vert.x internals not as expected; WebSockets keep their outbound queue and upgrade: {}",
                        missing.toString());
                return null;
            }
        }
    }
}
