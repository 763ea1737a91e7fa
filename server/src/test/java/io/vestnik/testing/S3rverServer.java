package io.vestnik.testing;

import io.vestnik.config.S3Settings;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private s3rver (an S3-compatible server from npm, installed by bin/test under bin/lib/s3rver)
 * on a free loopback port, with its own directory and one bucket. A real HTTP server speaking
 * S3's protocol, not a mock: the AWS SDK signs, streams and parses as it would against S3.
 */
public final class S3rverServer implements AutoCloseable {
    public static final String BUCKET = "vestnik-test";
    /** s3rver's fixed development credentials. */
    private static final String KEY = "S3RVER";

    private final int port;
    private final Path directory;
    private final Process process;

    private S3rverServer(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    public static S3rverServer start() {
        Path binary = Repository.file("bin/lib/s3rver/node_modules/.bin/s3rver");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: bin/test installs it (npm ci in bin/lib/s3rver)");
        }
        int port = Cluster.freePort();
        try {
            Path directory = Files.createTempDirectory("vestnik-s3rver-");
            Process process = new ProcessBuilder(List.of(binary.toString(), "-d", directory.toString(), "-a", "127.0.0.1",
                    "-p", Integer.toString(port), "--silent", "--configure-bucket", BUCKET))
                    .redirectErrorStream(true).redirectOutput(directory.resolveSibling(directory.getFileName() + ".log").toFile())
                    .start();
            S3rverServer server = new S3rverServer(port, directory, process);
            Await.until("s3rver listening on " + port, Duration.ofSeconds(20), server::accepting);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("s3rver could not start", e);
        }
    }

    public S3Settings settings() {
        return new S3Settings("http://127.0.0.1:" + port, BUCKET, "us-east-1", KEY, KEY);
    }

    /** The server's own files: a test can check that what it deleted is gone. */
    public Path directory() {
        return directory;
    }

    private boolean accepting() {
        if (!process.isAlive()) throw new IllegalStateException("s3rver exited with " + process.exitValue());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
