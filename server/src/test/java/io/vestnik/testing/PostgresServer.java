package io.vestnik.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster on a free loopback port, for tests that stop PostgreSQL: the
 * machine's shared server on 5432 is never stopped. PostgreSQL refuses to run as root, so the
 * cluster runs as the {@code postgres} OS user when the tests run as root. initdb takes seconds:
 * start one per test class.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String BIN = System.getenv().getOrDefault("VESTNIK_TEST_PG_BIN", "/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final int port;
    private final Path dataDir;
    private boolean running;

    private PostgresServer(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** A fresh cluster (initdb, trust authentication), started. */
    public static PostgresServer start() {
        try {
            Path dir = Files.createTempDirectory("vestnik-pg");
            if (ROOT) run("chown", "postgres:postgres", dir.toString());
            PostgresServer server = new PostgresServer(Cluster.freePort(), dir);
            server.asPostgres(BIN + "/initdb", "-D", dir.toString(), "-U", "postgres", "--auth=trust", "--no-sync");
            server.launch();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code postgres} database as its superuser. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public boolean running() {
        return running;
    }

    public int port() {
        return port;
    }

    /**
     * From now on {@code role} signs in over TCP only with its password (SCRAM), where every other
     * connection is trusted: for tests that must show a password reached the server intact.
     */
    public void requirePasswordOf(String role) {
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
            asPostgres(BIN + "/pg_ctl", "-D", dataDir.toString(), "reload");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts it (again, after {@link #stop()}) on the same port and data: what was committed is there. */
    public void launch() {
        asPostgres(BIN + "/pg_ctl", "-D", dataDir.toString(), "-w", "-t", "30", "-l", dataDir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        running = true;
    }

    /** Stops it at once (immediate mode): open connections are cut, as in a crash. */
    public void stop() {
        asPostgres(BIN + "/pg_ctl", "-D", dataDir.toString(), "-w", "-m", "immediate", "stop");
        running = false;
    }

    private void asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (ROOT) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (running) stop();
        run("rm", "-rf", dataDir.toString());
    }
}
