package io.vestnik.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a fixed loopback port to a server on another: {@link #cut()} closes the port and
 * every connection through it (the server seems gone, nothing listens), {@link #restore()} listens
 * again on the same port. Lets a test take a shared broker away from one client without touching
 * the broker itself.
 */
public final class TcpProxy implements AutoCloseable {
    private final int port;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpProxy(int port, int target) {
        this.port = port;
        this.target = target;
    }

    /** A proxy on a free port to {@code 127.0.0.1:target}, listening. */
    public static TcpProxy to(int target) {
        return on(Cluster.freePort(), target);
    }

    /** A proxy on {@code port} to {@code 127.0.0.1:target}, listening. */
    public static TcpProxy on(int port, int target) {
        TcpProxy proxy = new TcpProxy(port, target);
        proxy.restore();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Listens again (after {@link #cut}); idempotent. */
    public synchronized void restore() {
        if (listener != null) return;
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
            Thread.ofVirtual().start(() -> accept(socket));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    /** Stops listening and closes every connection through the proxy. */
    public synchronized void cut() {
        if (listener == null) return;
        closeQuietly(listener);
        listener = null;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
