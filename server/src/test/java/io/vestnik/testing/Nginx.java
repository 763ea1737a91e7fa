package io.vestnik.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real nginx running the repository's own deploy/nginx.conf and the deploy/nginx/proxy.conf it
 * includes, with only the listening port and the upstream servers replaced by the test's.
 */
public final class Nginx implements Endpoint, AutoCloseable {
    /** The proxying both nginx configurations include, relative to deploy/. */
    private static final String PROXY = "nginx/proxy.conf";
    private final Path prefix;
    private final int port;
    private final Process process;

    private Nginx(Path prefix, int port, Process process) {
        this.prefix = prefix;
        this.port = port;
        this.process = process;
    }

    public static Nginx start(List<NodeProcess> upstreams) {
        try {
            int port = Cluster.freePort();
            Path prefix = Files.createTempDirectory("vestnik-nginx");
            Path config = prefix.resolve("nginx.conf");
            Files.writeString(config, configFor(upstreams, prefix));
            Files.createDirectories(prefix.resolve(PROXY).getParent());
            Files.writeString(prefix.resolve(PROXY), proxyFor(port));
            Process process = new ProcessBuilder(binary(), "-p", prefix.toString(), "-c", config.toString(),
                    "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("nginx.log").toFile())
                    .start();
            Nginx nginx = new Nginx(prefix, port, process);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new IllegalStateException("nginx could not start (bin/test installs it)", e);
        }
    }

    /** deploy/nginx.conf with the test's nodes as the upstream servers and a pid file of its own. */
    private static String configFor(List<NodeProcess> upstreams, Path prefix) throws IOException {
        String servers = upstreams.stream()
                .map(n -> "        server 127.0.0.1:" + n.port() + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n"));
        String config = Files.readString(Repository.file("deploy/nginx.conf"))
                .replaceAll("(?m)^\\s*server 127\\.0\\.0\\.1:808[1-9][^\\n]*\\n", "")
                .replace("    upstream vestnik {\n", "    upstream vestnik {\n" + servers + "\n")
                .replace("pid /tmp/vestnik-nginx.pid;", "pid " + prefix.resolve("nginx.pid") + ";");
        if (!config.contains(servers) || !config.contains("include " + PROXY + ";")) {
            throw new IllegalStateException("deploy/nginx.conf no longer has the shape this test rewrites");
        }
        return config;
    }

    /** The shared proxying (deploy/nginx/proxy.conf) listening on the test's port. */
    private static String proxyFor(int port) throws IOException {
        String proxy = Files.readString(Repository.file("deploy/" + PROXY))
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
        if (!proxy.contains("listen 127.0.0.1:" + port + ";")) {
            throw new IllegalStateException("deploy/" + PROXY + " no longer has the shape this test rewrites");
        }
        return proxy;
    }

    private static String binary() {
        String configured = System.getenv("VESTNIK_TEST_NGINX");
        if (configured != null && !configured.isBlank()) return configured;
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("nginx exited: " + log());
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(prefix.resolve("nginx.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    @Override
    public HttpApi http() {
        return new HttpApi(baseUrl());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
