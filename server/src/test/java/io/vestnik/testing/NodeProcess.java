package io.vestnik.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Vestnik node as its own operating-system process, started from the test class path, so a
 * test can kill it with SIGKILL as a crash would, or stop it with SIGTERM as a deploy would.
 */
public final class NodeProcess implements Endpoint, AutoCloseable {
    /** A first start on the 2-core test machine with other suites running has taken 31 s. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final String nodeId;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    private NodeProcess(String nodeId, int port, Map<String, String> env, Path log, List<String> jvmOptions) {
        this.nodeId = nodeId;
        this.port = port;
        this.env = env;
        this.log = log;
        this.jvmOptions = jvmOptions;
    }

    /** Starts the node with a 256 MB heap and waits until it reports ready. */
    public static NodeProcess start(String nodeId, int port, Map<String, String> settings) {
        return start(nodeId, port, settings, List.of("-Xmx256m"));
    }

    /** Starts the node with these JVM options (a heap limit, say) and waits until it reports ready. */
    public static NodeProcess start(String nodeId, int port, Map<String, String> settings, List<String> jvmOptions) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("VESTNIK_NODE_ID", nodeId);
        env.put("VESTNIK_PORT", Integer.toString(port));
        env.putIfAbsent("VESTNIK_HOST", "127.0.0.1");
        env.putIfAbsent("VESTNIK_RATE_LIMITS", "off");
        try {
            Path log = Files.createTempFile("vestnik-" + nodeId + "-", ".log");
            NodeProcess node = new NodeProcess(nodeId, port, env, log, List.copyOf(jvmOptions));
            node.launch();
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void launch() throws IOException {
        launch(READY_WITHIN);
    }

    private void launch(Duration readyWithin) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vestnik.Main"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(readyWithin);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(nodeId + " exited:\n" + logTail());
            if (ready()) return;
            sleep(100);
        }
        // A node that never became ready (a port taken meanwhile, say) must not outlive the test.
        process.destroyForcibly();
        throw new IllegalStateException(nodeId + " not ready within " + timeout + ":\n" + logTail());
    }

    public boolean ready() {
        return Readiness.of(baseUrl());
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public String name() {
        return nodeId;
    }

    /** The operating-system process id, e.g. for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    @Override
    public HttpApi http() {
        return new HttpApi(baseUrl());
    }

    /** SIGKILL: the node gets no chance to clean up, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /**
     * SIGTERM: the node drains and stops, as in a deploy. Returns its exit code (143 after a clean
     * shutdown on SIGTERM), or -1 when it had not exited within 20 s and was killed.
     */
    public int stop() {
        process.destroy();
        return waitForExit() ? process.exitValue() : -1;
    }

    public void restart() {
        restart(READY_WITHIN);
    }

    /** Starts the stopped node again, with a longer wait for readiness on a loaded machine. */
    public void restart(Duration readyWithin) {
        try {
            launch(readyWithin);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the process has written to stdout and stderr so far, line by line. */
    public List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String logTail() {
        try {
            List<String> lines = logLines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** True when the process exited by itself within 20 s; otherwise it is killed. */
    private boolean waitForExit() {
        try {
            if (process.waitFor(20, TimeUnit.SECONDS)) return true;
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) kill();
    }
}
