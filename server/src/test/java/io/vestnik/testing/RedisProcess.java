package io.vestnik.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a free port, for tests that take Redis away and bring it back on the
 * same port. Never the machine's shared Redis; stores nothing on disk.
 */
public final class RedisProcess implements AutoCloseable {
    /** The shared Redis that bin/test starts, for tests that do not kill it. */
    public static final String SHARED_URL = System.getenv().getOrDefault("VESTNIK_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final int port = freePort();
    private Process process;

    public RedisProcess() {
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be installed", e);
        }
        for (int i = 0; i < 500 && !listening(); i++) sleep(10);
        if (!listening()) throw new IllegalStateException("redis-server did not listen on " + port);
    }

    /** Kills the server without warning, like a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
