package io.vestnik.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a free loopback port, for tests that stop or restart Redis or need
 * keys nobody else touches. The machine's shared Redis is never stopped.
 */
public final class RedisServer implements AutoCloseable {
    /** The machine's Redis that bin/test starts, for tests that only need a Redis to talk to. */
    public static final String SHARED_URL = System.getenv().getOrDefault("VESTNIK_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() {
        RedisServer server = new RedisServer(Cluster.freePort());
        server.launch();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts it again on the same port (after {@link #stop()}), empty, as after a crash without persistence. */
    public void launch() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start (bin/test installs it)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepting()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("redis-server on " + port + " did not start");
            sleep();
        }
    }

    /** Kills the server at once. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) stop();
    }
}
