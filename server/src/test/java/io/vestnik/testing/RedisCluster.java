package io.vestnik.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters with one replica each, on private loopback ports with its
 * config files in a temp dir: {@code redis-server --cluster-enabled yes} six times, then
 * {@code redis-cli --cluster create --cluster-replicas 1}. A short node timeout (1 s) makes a
 * replica take over within a few seconds of its master being killed. Start it once per test class.
 */
public final class RedisCluster implements AutoCloseable {
    private static final int NODES = 6;
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

    private final Path dir;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private RedisCluster(Path dir) {
        this.dir = dir;
    }

    public static RedisCluster start() {
        try {
            RedisCluster cluster = new RedisCluster(Files.createTempDirectory("vestnik-redis-cluster"));
            for (int port : freePorts()) cluster.launch(port);
            cluster.create();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("redis cluster could not start (bin/test installs redis-server)", e);
        }
    }

    /** The value of {@code VESTNIK_REDIS_URL} that reaches it: every node as a seed, comma-separated. */
    public String url() {
        return processes.keySet().stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /**
     * Kills (-9) the master that owns the slot of {@code key}, as a crash would; its replica takes
     * over within a few seconds ({@link #awaitTakeover}). Returns the killed master's port.
     */
    public int killMasterOf(String key) {
        int port = masterPortOf(SlotHash.getSlot(key));
        Process master = processes.remove(port);
        master.destroyForcibly();
        waitFor(master);
        return port;
    }

    /** Waits until a replica serves {@code key}'s slot instead of {@code deadPort} and the cluster is ok. */
    public void awaitTakeover(String key, int deadPort) {
        Await.until("a replica took over from the master on " + deadPort, Duration.ofSeconds(30),
                () -> masterPortOf(SlotHash.getSlot(key)) > 0 && masterPortOf(SlotHash.getSlot(key)) != deadPort && allOk());
    }

    /** The port of the master serving {@code slot}, as a live node sees it. */
    public int masterPortOf(int slot) {
        String nodes = ask(anyPort(), RedisCommands::clusterNodes);
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) continue;
            for (int i = 8; i < f.length; i++) if (covers(f[i], slot)) return Integer.parseInt(f[1].split("[:@]")[1]);
        }
        return -1;
    }

    private static boolean covers(String range, int slot) {
        if (range.startsWith("[")) return false;
        String[] ends = range.split("-");
        int from = Integer.parseInt(ends[0]);
        int to = Integer.parseInt(ends[ends.length - 1]);
        return slot >= from && slot <= to;
    }

    private void launch(int port) throws IOException {
        Path home = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Process process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", home.resolve("nodes.conf").toString(),
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()), "--dir", home.toString(),
                // a replica of an idle master has heard nothing for a while: let it take over anyway
                "--cluster-replica-validity-factor", "0",
                "--appendonly", "no", "--save", ""))
                .redirectErrorStream(true).redirectOutput(home.resolve("log").toFile()).start();
        processes.put(port, process);
        Await.until("redis cluster node on " + port + " answers", Duration.ofSeconds(10), () -> answers(port));
    }

    private void create() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        processes.keySet().forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process create = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("create.log").toFile()).start();
        waitFor(create);
        if (create.exitValue() != 0) throw new IllegalStateException("redis-cli --cluster create failed, see " + dir.resolve("create.log"));
        Await.until("cluster_state:ok on every node with all replicas attached", Duration.ofSeconds(30),
                () -> allOk() && ask(anyPort(), RedisCommands::clusterNodes).lines().filter(l -> l.contains("slave")).count() == NODES / 2);
    }

    private boolean allOk() {
        return processes.keySet().stream().allMatch(port -> ask(port, RedisCommands::clusterInfo).contains("cluster_state:ok"));
    }

    private int anyPort() {
        return processes.keySet().iterator().next();
    }

    private static boolean answers(int port) {
        return "PONG".equals(ask(port, RedisCommands::ping));
    }

    /** One command through a fresh connection; an unreachable node answers "". */
    private static String ask(int port, Function<RedisCommands<String, String>, String> command) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofSeconds(2));
            return command.apply(connection.sync());
        } catch (RuntimeException e) {
            return "";
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** Ports whose cluster bus port (+10000) is free too. */
    private static List<Integer> freePorts() {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < NODES) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (!ports.contains(port) && free(port) && free(port + 10_000)) ports.add(port);
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        processes.values().forEach(RedisCluster::waitFor);
        processes.clear();
    }
}
