package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory stays flat with 1,000 stalled readers: one node process (-Xmx256m), 1,000 WebSockets
 * that complete the upgrade and then never read (4 KB receive buffers, never drained), all in two
 * group chats that two live senders keep writing to, and two live readers in the same chats.
 * <p>
 * Each stalled socket may hold at most {@link #MAX_QUEUED_BYTES} waiting to be written; past it
 * the node closes it with 4009. So while they stall the node's heap (read after a full GC, with
 * {@code jcmd GC.run} and the node's own {@code jvm_memory_used_bytes} gauges) may grow by at most
 * that bound per socket, and once the node has closed them all it is back where it was, although
 * the stalled clients still hold their sockets open. The live readers meanwhile get every message,
 * in order, without being held up by the stalled ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StalledReadersTest {
    private static final int STALLED = 1_000;
    private static final int STALLED_USERS = 4;
    private static final int MAX_QUEUED_BYTES = 64 * 1024;
    private static final int RECEIVE_BUFFER = 4 * 1024;
    private static final int BODY_BYTES = 3_000;
    private static final long SEND_EVERY_MS = 50;
    private static final long STREAM_MS = 12_000;
    private static final long SAMPLE_EVERY_MS = 1_000;
    private static final long MIB = 1024 * 1024;
    private static final long VERTX_CLOSING_TIMEOUT_MS = 10_000;
    /**
     * The heap one stalled socket may hold at the most: its queue bound, plus a quarter for what
     * wraps the queued bytes (a frame and a buffer object per message) and for the write that
     * crosses the bound, which is queued before the bound is checked.
     */
    private static final long QUEUED_HEAP_PER_SOCKET = MAX_QUEUED_BYTES * 5L / 4;
    /** A live reader must see each message within this long, 1,000 stalled sockets or not. */
    private static final long LIVE_LATENCY_BOUND_MS = 2_000;

    @Test
    void a_thousand_stalled_readers_do_not_grow_the_heap_and_live_readers_keep_receiving() throws Exception {
        try (Cluster cluster = Cluster.start(1, Map.of("VESTNIK_MAX_QUEUED_BYTES", Integer.toString(MAX_QUEUED_BYTES)))) {
            NodeProcess node = cluster.node(0);
            HttpApi http = node.http();
            List<User> senders = List.of(http.register("sender"), http.register("sender"));
            List<User> readers = List.of(http.register("reader"), http.register("reader"));
            List<User> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED_USERS; i++) stalled.add(http.register("stalled"));
            List<Long> chats = List.of(groupChat(http, senders, readers, stalled.subList(0, 2)),
                    groupChat(http, senders, readers, stalled.subList(2, 4)));
            List<LiveReader> live = readers.stream().map(r -> new LiveReader(WsClient.connect(node, r), chats)).toList();
            List<RawWebSocket> stalledSockets = new ArrayList<>();
            try {
                live.forEach(LiveReader::start);
                Stream warmUp = new Stream(http, senders, chats);
                warmUp.sendFor(2_000);
                live.forEach(r -> r.awaitAll(warmUp.sent()));
                Heap before = Heap.read(node);

                stalledSockets.addAll(openStalled(node, stalled));
                Heap connected = Heap.read(node);

                Stream stream = new Stream(http, senders, chats);
                List<Sample> samples = stream.sendSampling(node, STREAM_MS);
                Heap during = samples.stream().map(Sample::memory).reduce(Heap::max).orElseThrow();
                live.forEach(r -> r.awaitAll(warmUp.sent() + stream.sent()));
                long closing = System.nanoTime();
                awaitSlowConsumers(http, STALLED);
                long held = awaitConnections(http, live.size());
                long heldAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
                // Vert.x keeps a closed WebSocket's objects until its closing timeout (10 s) fires.
                Thread.sleep(VERTX_CLOSING_TIMEOUT_MS + 1_000);
                Heap after = Heap.read(node);
                System.out.printf("%n==== stalled readers: %d sockets, %d messages of %d bytes into 2 chats, queue bound %d KiB ====%n",
                        STALLED, warmUp.sent() + stream.sent(), BODY_BYTES, MAX_QUEUED_BYTES / 1024);
                report(new Readings(before, connected, during, after), samples, live);
                System.out.printf("%-44s %d%n", "closed by the node with 4009 (slow consumer)", (long) slowConsumers(http));
                System.out.printf("%-44s %d, %d ms after the stream ended%n", "connections the node still holds", held, heldAfterMs);

                assertThat((long) slowConsumers(http)).as("stalled sockets the node closed with 4009 when their queue overflowed")
                        .isEqualTo(STALLED);
                assertThat(held).as("connections left once the stalled ones are closed").isEqualTo(live.size());
                long bound = connected.heapBytes() + (long) STALLED * QUEUED_HEAP_PER_SOCKET;
                assertThat(during.heapBytes()).as("heap while 1,000 readers stall, at most the bound of each socket above %s", connected)
                        .isLessThanOrEqualTo(bound);
                // Of what 1,000 idle sockets cost, at least half must be given back once they are closed.
                assertThat(after.heapBytes()).as("heap after the run, against %s before", before)
                        .isLessThanOrEqualTo(before.heapBytes() + (connected.heapBytes() - before.heapBytes()) / 2);
                for (LiveReader r : live) {
                    assertThat(r.problems()).as("live reader: every message once, in seq order").isEmpty();
                    assertThat(r.maxLatencyMs()).as("live reader latency").isLessThanOrEqualTo(LIVE_LATENCY_BOUND_MS);
                }
            } finally {
                live.forEach(LiveReader::stop);
                for (RawWebSocket socket : stalledSockets) socket.close();
            }
        }
    }

    /** The node's memory at each step of the run; {@code during} is the sample with the most heap. */
    private record Readings(Heap before, Heap connected, Heap during, Heap after) {}

    private static void report(Readings memory, List<Sample> samples, List<LiveReader> live) {
        long idlePerSocket = (memory.connected().heapBytes() - memory.before().heapBytes()) / STALLED;
        System.out.printf("%-44s %s%n", "before (2 live readers, warmed up)", memory.before());
        System.out.printf("%-44s %s  (%d bytes of heap per idle socket)%n", "1,000 stalled sockets open, idle", memory.connected(), idlePerSocket);
        for (Sample s : samples) System.out.printf("  %5d ms into the stream: %s, %4d closed 4009%n", s.atMs(), s.memory(), s.closed());
        System.out.printf("%-44s %s%n", "during the stream (the sample with most heap)", memory.during());
        System.out.printf("%-44s %s%n", "after the node closed them (still open here)", memory.after());
        for (LiveReader r : live) System.out.printf("%-44s %s%n", "live reader", r.summary());
    }

    private static long groupChat(HttpApi http, List<User> senders, List<User> readers, List<User> stalled) {
        List<Long> others = new ArrayList<>();
        for (User u : List.of(senders.get(1), readers.get(0), readers.get(1))) others.add(u.id());
        stalled.forEach(u -> others.add(u.id()));
        HttpApi.Response r = http.post("/api/v1/chats", senders.get(0).token(), Map.of("kind", "group", "title", "busy", "member_ids", others));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().path("chat").path("id").asLong();
    }

    /** 1,000 upgrades, 250 per stalled user, each on a socket that is never read; 16 at a time. */
    private static List<RawWebSocket> openStalled(NodeProcess node, List<User> users) throws Exception {
        HttpApi http = node.http();
        List<RawWebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < STALLED; i++) {
                String ticket = http.ticket(users.get(i % users.size()));
                opened.add(pool.submit(() -> {
                    RawWebSocket socket = RawWebSocket.open("127.0.0.1", node.port(), "/ws?ticket=" + ticket, RECEIVE_BUFFER);
                    assertThat(socket.statusCode()).isEqualTo(101);
                    sockets.add(socket);
                    return null;
                }));
            }
            for (Future<?> f : opened) f.get(60, TimeUnit.SECONDS);
        }
        return sockets;
    }

    /** Waits (10 s at most) until the node holds no more than {@code count} sockets; returns how many it holds. */
    private static long awaitConnections(HttpApi http, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sumOf(http, "vestnik_connections_active") > count && System.nanoTime() < deadline) Thread.sleep(200);
        return (long) sumOf(http, "vestnik_connections_active");
    }

    private static void awaitSlowConsumers(HttpApi http, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slowConsumers(http) < count && System.nanoTime() < deadline) Thread.sleep(200);
    }

    private static double slowConsumers(HttpApi http) {
        return sumOf(http, "vestnik_slow_consumers_total{");
    }

    private static double sumOf(HttpApi http, String prefix) {
        return http.get("/metrics", null).text().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The node's memory after a full GC: heap (its own gauges), the process's resident set, and
     * what waits in the kernel's send queues of its sockets ({@code ss -tm}: outside the process,
     * but memory the node's clients hold on the host all the same).
     */
    private record Heap(long heapBytes, long rssBytes, long kernelQueuedBytes) {
        static Heap read(NodeProcess node) throws IOException, InterruptedException {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(20, TimeUnit.SECONDS) || gc.exitValue() != 0) throw new IllegalStateException("jcmd GC.run failed");
            HttpApi http = node.http();
            long heap = (long) sumOf(http, "jvm_memory_used_bytes{area=\"heap\"");
            return new Heap(heap, rss(node.pid()), kernelQueued(node.port()));
        }

        /** The sum of wmem_queued ("w" in ss's skmem) over the node's sockets, closing ones included. */
        private static long kernelQueued(int port) throws IOException, InterruptedException {
            Process ss = new ProcessBuilder("ss", "-tmnH", "state", "connected", "( sport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            ss.waitFor(10, TimeUnit.SECONDS);
            return java.util.regex.Pattern.compile("[(,]w(\\d+)").matcher(out).results()
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        }

        private static long rss(long pid) throws IOException {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        }

        Heap max(Heap other) {
            return other.heapBytes > heapBytes ? other : this;
        }

        @Override
        public String toString() {
            return String.format("heap %6.1f MiB, process RSS %6.1f MiB, kernel send queues %6.1f MiB",
                    heapBytes / (double) MIB, rssBytes / (double) MIB, kernelQueuedBytes / (double) MIB);
        }
    }

    /** The node's memory some time into the stream, and how many stalled sockets it had closed by then. */
    private record Sample(long atMs, Heap memory, int closed) {}

    /** Live senders posting over HTTP, alternating between the chats; each body carries its send time. */
    private static final class Stream {
        private final HttpApi http;
        private final List<User> senders;
        private final List<Long> chats;
        private final List<Integer> sentBy = Collections.synchronizedList(new ArrayList<>());

        Stream(HttpApi http, List<User> senders, List<Long> chats) {
            this.http = http;
            this.senders = senders;
            this.chats = chats;
        }

        int sent() {
            return sentBy.size();
        }

        void sendFor(long ms) throws Exception {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
                for (int s = 0; s < senders.size(); s++) {
                    int sender = s;
                    running.add(pool.submit(() -> {
                        send(sender, until);
                        return null;
                    }));
                }
                for (Future<?> f : running) f.get();
            }
        }

        /** Sends for {@code ms} while sampling the node's memory every second. */
        List<Sample> sendSampling(NodeProcess node, long ms) throws Exception {
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> sending = pool.submit(() -> {
                    sendFor(ms);
                    return null;
                });
                List<Sample> samples = new ArrayList<>();
                while (!sending.isDone()) {
                    Thread.sleep(SAMPLE_EVERY_MS);
                    Heap memory = Heap.read(node);
                    samples.add(new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), memory,
                            (int) slowConsumers(http)));
                }
                sending.get();
                return samples;
            }
        }

        private void send(int sender, long untilNanos) throws InterruptedException {
            String padding = "x".repeat(BODY_BYTES);
            for (int n = 0; System.nanoTime() < untilNanos; n++) {
                long chat = chats.get(n % chats.size());
                http.send(senders.get(sender), chat, "s" + sender + "-" + System.nanoTime(), System.nanoTime() + " " + padding);
                sentBy.add(sender);
                Thread.sleep(SEND_EVERY_MS);
            }
        }
    }

    /**
     * A reader that keeps up, on its own thread: records per chat the seqs it got and how long
     * each took from its send.
     */
    private static final class LiveReader {
        private final WsClient socket;
        private final Map<Long, List<Long>> seqs = new ConcurrentHashMap<>();
        private final List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean stopped;
        private Thread thread;

        LiveReader(WsClient socket, List<Long> chats) {
            this.socket = socket;
            chats.forEach(c -> seqs.put(c, Collections.synchronizedList(new ArrayList<>())));
        }

        void start() {
            socket.next("connected");
            thread = Thread.ofVirtual().start(() -> {
                while (!stopped) {
                    List<JsonNode> frames = socket.drain("new_message");
                    frames.forEach(this::record);
                    if (frames.isEmpty()) sleep(10);
                }
            });
        }

        private void record(JsonNode frame) {
            JsonNode message = frame.path("message");
            long sentNanos = Long.parseLong(message.path("body").asText().split(" ", 2)[0]);
            latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos));
            seqs.get(message.path("chat_id").asLong()).add(message.path("seq").asLong());
            received.incrementAndGet();
        }

        /** Waits until {@code total} new_message frames have arrived (20 s at most). */
        void awaitAll(int total) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.get() < total && System.nanoTime() < deadline) sleep(50);
            assertThat(received.get()).as("new_message frames a live reader got").isEqualTo(total);
        }

        void stop() {
            stopped = true;
            try {
                if (thread != null) thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long maxLatencyMs() {
            return latenciesMs.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** Per chat, the seqs must be exactly 1, 2, 3, ... */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            seqs.forEach((chat, got) -> {
                for (int i = 0; i < got.size(); i++) {
                    if (got.get(i) != i + 1) {
                        problems.add("chat " + chat + ": seq " + got.get(i) + " at position " + (i + 1));
                        return;
                    }
                }
            });
            return problems;
        }

        String summary() {
            List<Long> sorted = latenciesMs.stream().sorted().toList();
            return String.format("%d messages, latency p50 %d, p99 %d, max %d ms", received.get(),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 99 / 100), sorted.getLast());
        }
    }
}
