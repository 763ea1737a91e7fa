package io.vestnik.cluster;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures cross-node delivery latency on this machine: a sender on node 1, a receiver on node 2,
 * messages at a fixed rate; the latency of each is from the sender's send to the receiver's
 * receipt (one clock, both in this process). Run by bin/measure-cross-node; not a test.
 */
public final class CrossNodeProbe {
    /** Sent first and not counted: the nodes' JIT compilers are still at work. */
    private static final int WARM_UP = 1000;
    private static final int MESSAGES = WARM_UP + 1000;
    private static final int PER_SECOND = Integer.getInteger("rate", 50);

    public static void main(String[] args) throws Exception {
        System.out.println("broker    latency        messages  rate/s  p50 ms  p90 ms  p99 ms  max ms");
        try (RedisServer redis = RedisServer.start();
             Cluster cluster = Cluster.start(3, Map.of("VESTNIK_REDIS_URL", redis.url()))) {
            report("redis", measure(cluster));
        }
        try (Cluster cluster = Cluster.start(3, Map.of("VESTNIK_BROKER", "postgres"))) {
            report("postgres", measure(cluster));
        }
    }

    private record Latencies(long[] toAck, long[] toReceiver) {}

    private static Latencies measure(Cluster cluster) throws Exception {
        HttpApi http = cluster.node(0).http();
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long[] sentAt = new long[MESSAGES];
        long[] latencies = new long[MESSAGES];
        long[] acks = new long[MESSAGES];
        try (WsClient sender = WsClient.connect(cluster.node(0), alice); WsClient receiver = WsClient.connect(cluster.node(1), bob)) {
            sender.next("connected");
            receiver.next("connected");
            Thread reader = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    int n = Integer.parseInt(receiver.next("new_message").path("message").path("body").asText());
                    latencies[n] = System.nanoTime() - sentAt[n];
                }
            });
            Thread ackReader = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    int n = Integer.parseInt(sender.next("ack").path("message").path("body").asText());
                    acks[n] = System.nanoTime() - sentAt[n];
                }
            });
            long start = System.nanoTime();
            for (int n = 0; n < MESSAGES; n++) {
                long due = start + n * 1_000_000_000L / PER_SECOND;
                while (System.nanoTime() < due) Thread.onSpinWait();
                sentAt[n] = System.nanoTime();
                sender.send(Map.of("type", "send", "chat_id", chat, "client_id", "p" + n, "body", Integer.toString(n)));
            }
            reader.join();
            ackReader.join();
        }
        return new Latencies(acks, latencies);
    }

    private static void report(String broker, Latencies latencies) {
        row(broker, "send->ack", latencies.toAck());
        row(broker, "send->other", latencies.toReceiver());
    }

    private static void row(String broker, String what, long[] latencies) {
        long[] sorted = Arrays.copyOfRange(latencies, WARM_UP, latencies.length);
        Arrays.sort(sorted);
        List<String> cells = new ArrayList<>();
        for (double q : new double[] {0.50, 0.90, 0.99}) cells.add(millis(sorted[(int) (q * (sorted.length - 1))]));
        cells.add(millis(sorted[sorted.length - 1]));
        System.out.printf("%-9s %-13s  %8d  %6d  %s%n", broker, what, MESSAGES - WARM_UP, PER_SECOND, String.join("  ", cells.stream().map(c -> String.format("%6s", c)).toList()));
    }

    private static String millis(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    private CrossNodeProbe() {}
}
