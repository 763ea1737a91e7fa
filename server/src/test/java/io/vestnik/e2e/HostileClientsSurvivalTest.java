package io.vestnik.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #9's "done when": a node with a 256 MiB heap survives 500 unauthenticated uploads that each
 * claim 9.5 MiB and trickle, plus 2,000 half-open sockets, keeps serving its users meanwhile, and
 * ends with every hostile socket closed by the server and its heap under control.
 */
@Timeout(90)
class HostileClientsSurvivalTest {
    private static final int SLOW_UPLOADS = 500;
    private static final int HALF_OPEN = 2_000;
    private static final long CLAIMED_BYTES = 9_961_472; // 9.5 MiB
    private static final Duration USER_CALL_WITHIN = Duration.ofSeconds(2);
    private static final long HEAP_AFTER_AT_MOST = 200L * 1024 * 1024;

    @Test
    void a_node_at_256_mib_survives_slow_uploads_and_half_open_sockets_and_keeps_serving() throws Exception {
        Map<String, String> settings = Map.of("VESTNIK_DATA_DIR", Files.createTempDirectory("vestnik-hostile").toString(),
                "VESTNIK_HEADER_TIMEOUT", "3s");
        List<RawHttp> hostile = new ArrayList<>();
        try (NodeProcess node = NodeProcess.start("hostile", Cluster.freePort(), settings)) {
            HttpApi http = node.http();
            User alice = http.register("alice");
            User bob = http.register("bob");
            long chat = http.directChat(alice, bob);

            List<RawHttp> uploads = open(node.port(), SLOW_UPLOADS, hostile);
            uploads.forEach(u -> u.send(("POST /api/v1/attachments?name=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + CLAIMED_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            List<RawHttp> halfOpen = open(node.port(), HALF_OPEN, hostile);
            halfOpen.subList(0, HALF_OPEN / 2).forEach(s -> s.send("GET /api/v1/chats HT".getBytes(StandardCharsets.ISO_8859_1)));

            for (int i = 0; i < 10; i++) {
                trickle(uploads);
                assertServed(http, alice, bob, chat, i);
            }
            Set<RawHttp> closed = Collections.newSetFromMap(new IdentityHashMap<>());
            Await.until("every hostile socket is closed by the server", Duration.ofSeconds(20), 
                    () -> allClosed(hostile, closed));
            assertTrue(node.ready(), "the node is ready after the attack");
            assertServed(http, alice, bob, chat, 99);
            long heap = heapUsed(http);
            assertTrue(heap < HEAP_AFTER_AT_MOST, "heap in use after the attack: " + heap);
        } finally {
            hostile.forEach(RawHttp::close);
        }
    }

    private static List<RawHttp> open(int port, int count, List<RawHttp> all) {
        List<RawHttp> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) sockets.add(RawHttp.connect(port, Duration.ofMillis(1)));
        all.addAll(sockets);
        return sockets;
    }

    /** A kilobyte more on each upload still open; a refused one's write may fail, which is the point. */
    private static void trickle(List<RawHttp> uploads) {
        byte[] kilobyte = new byte[1024];
        for (RawHttp upload : uploads) {
            try {
                upload.send(kilobyte);
            } catch (IllegalStateException closed) {
                // the server closed it
            }
        }
    }

    /** Alice sends, Bob reads it back, each call within the bound. */
    private static void assertServed(HttpApi http, User alice, User bob, long chat, int round) {
        long start = System.nanoTime();
        http.send(alice, chat, "survive-" + round, "still here " + round);
        HttpApi.Response history = http.get("/api/v1/chats/" + chat + "/messages?limit=1", bob.token());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(200, history.status(), history.text());
        assertEquals("still here " + round, history.json().path("messages").get(0).path("body").asText());
        assertTrue(took.compareTo(USER_CALL_WITHIN.multipliedBy(2)) < 0, "a send and a fetch took " + took);
    }

    private static boolean allClosed(List<RawHttp> sockets, Set<RawHttp> closed) {
        for (RawHttp socket : sockets) {
            if (!closed.contains(socket) && socket.closedByServer()) closed.add(socket);
        }
        return closed.size() == sockets.size();
    }

    /** The node's own account of its heap, from /metrics. */
    private static long heapUsed(HttpApi http) {
        long used = 0;
        for (String line : http.get("/metrics", null).text().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }
}
