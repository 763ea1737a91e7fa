package io.vestnik.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #9, R21 under ten times its limits: two nodes sharing a private Redis, a flooder at one
 * client address (X-Forwarded-For from the trusted proxy 127.0.0.1) and a well-behaved client at
 * another. The limits hold across both nodes, the well-behaved client is served about as fast as
 * before, the flooder is served again once the block ends, and with Redis gone each node limits
 * on its own (fail open locally, never unlimited).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FloodTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String FLOODER = "203.0.113.66";
    private static final String NEIGHBOUR = "198.51.100.7";
    private static final int AUTH = 10;
    private static final int CONNECT = 30;
    private static final int SENDS = 60;
    static RedisServer redis;
    static PostgresDatabase database;
    static List<TestNode> nodes = new ArrayList<>();
    static HttpApi.User flooder;
    static HttpApi.User neighbour;
    static long chat;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        database = PostgresDatabase.create();
        for (String id : List.of("flood-1", "flood-2")) {
            nodes.add(TestNode.start(null, Map.of("VESTNIK_NODE_ID", id, "VESTNIK_DATABASE_URL", database.url(),
                    "VESTNIK_REDIS_URL", redis.url(), "VESTNIK_JWT_SECRET", "flood-test-secret-0123456789abcdefgh",
                    "VESTNIK_RATE_LIMITS", "on", "VESTNIK_TRUSTED_PROXIES", "127.0.0.1")));
        }
        HttpApi http = nodes.get(0).http();
        flooder = http.from("127.0.2.1").register("flooder");
        neighbour = http.from("127.0.2.2").register("neighbour");
        chat = http.directChat(flooder, neighbour);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        database.close();
        redis.close();
    }

    @Test
    @Order(1)
    void ten_times_the_limits_hold_across_nodes_spare_the_neighbour_and_lift_after_the_block() throws Exception {
        long quietP99 = neighbourP99(40);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Integer> logins = pool.submit(() -> count(10 * AUTH, i -> login(node(i), FLOODER).status() != 429));
        Future<Integer> connects = pool.submit(() -> count(10 * CONNECT, i -> connect(node(i), FLOODER, flooder.token()).status() == 101));
        Future<Integer> sends = pool.submit(() -> count(10 * SENDS, i -> send(node(i), flooder.token()).status() != 429));
        long floodP99 = neighbourP99(40);
        int loginsServed = logins.get(40, TimeUnit.SECONDS);
        int connectsServed = connects.get(40, TimeUnit.SECONDS);
        int sendsServed = sends.get(40, TimeUnit.SECONDS);
        double minutes = (System.nanoTime() - started) / 60e9;

        assertThat(loginsServed).as("sign-in attempts, both nodes together").isBetween(AUTH, AUTH + 1);
        assertThat(connectsServed).as("upgrades, both nodes together").isBetween(CONNECT, CONNECT + 1 + (int) (30 * minutes));
        assertThat(sendsServed).as("sends, both nodes together").isBetween(SENDS, SENDS + 1 + (int) (50 * minutes));
        // On two shared cores a quiet p99 of a few milliseconds is noise: twice it, or 50 ms more, whichever is larger.
        assertThat(floodP99).as("the neighbour's p99 under the flood (quiet: %d ms)", quietP99)
                .isLessThanOrEqualTo(Math.max(2 * quietP99, quietP99 + 50));
        assertThat(login(node(1), NEIGHBOUR).status()).as("the neighbour signs in").isNotEqualTo(429);
        assertThat(connect(node(0), NEIGHBOUR, neighbour.token()).status()).as("the neighbour connects").isEqualTo(101);

        // The three blocks run out at about the same time: wait for them side by side, not one after another.
        Future<Reply> loginAgain = pool.submit(() -> onceRetryAfterHasPassed(() -> login(node(0), FLOODER)));
        // A refused upgrade carries no Retry-After (Vert.x's handshake.reject(status) sends no headers), so this
        // client retries until served; unlike sign-ins that cannot start a new block, as 30 s refill 15 upgrades.
        Future<Boolean> connectAgain = pool.submit(() -> {
            Await.until("the flooder connects again after the block", Duration.ofSeconds(40),
                    () -> connect(node(1), FLOODER, flooder.token()).status() == 101);
            return true;
        });
        Future<Reply> sendAgain = pool.submit(() -> onceRetryAfterHasPassed(() -> send(node(0), flooder.token())));
        assertThat(loginAgain.get(40, TimeUnit.SECONDS).status()).as("the flooder signs in again after Retry-After").isNotEqualTo(429);
        assertThat(connectAgain.get(45, TimeUnit.SECONDS)).as("the flooder connects again").isTrue();
        assertThat(sendAgain.get(40, TimeUnit.SECONDS).status()).as("the flooder sends again after Retry-After").isNotEqualTo(429);
        pool.shutdown();
    }

    @Test
    @Order(2)
    void with_redis_down_each_node_limits_on_its_own() {
        redis.stop();
        String address = "192.0.2.9";
        for (TestNode node : nodes) {
            int served = count(3 * AUTH, i -> login(node, address).status() != 429);
            assertThat(served).as("sign-in attempts served by %s alone", node.baseUrl()).isEqualTo(AUTH);
        }
    }

    /** An answer's status and Retry-After in seconds (0 without one). */
    private record Reply(int status, long retryAfterSeconds) {
        static Reply of(HttpResponse<?> response) {
            return new Reply(response.statusCode(), response.headers().firstValueAsLong("Retry-After").orElse(0));
        }
    }

    private static TestNode node(int i) {
        return nodes.get(i % 2);
    }

    private static int count(int attempts, IntPredicate served) {
        int count = 0;
        for (int i = 0; i < attempts; i++) if (served.test(i)) count++;
        return count;
    }

    /**
     * What a well-behaved client does: refused, it waits the Retry-After the node gave (the node's
     * own instruction, so a wait of that length is the behaviour under test, not a guess at timing)
     * and tries once more. Retrying sooner finds the bucket still empty and starts a new block.
     */
    private static Reply onceRetryAfterHasPassed(Supplier<Reply> attempt) throws InterruptedException {
        Reply first = attempt.get();
        if (first.status() != 429) return first;
        assertThat(first.retryAfterSeconds()).as("Retry-After of a refusal").isBetween(1L, 30L);
        Thread.sleep(Duration.ofSeconds(first.retryAfterSeconds()));
        return attempt.get();
    }

    /** A sign-in attempt with a body that is not valid: counted against the address's budget, no password hashed. */
    private static Reply login(TestNode node, String address) {
        return call(node, "/api/v1/auth/login", address, null, "{}");
    }

    private static Reply send(TestNode node, String token) {
        return call(node, "/api/v1/chats/" + chat + "/messages", FLOODER, token,
                "{\"client_id\":\"" + java.util.UUID.randomUUID() + "\",\"body\":\"flood\"}");
    }

    /** An upgrade: 101 once the node said "connected", else the refusal's status and Retry-After. */
    private static Reply connect(TestNode node, String address, String token) {
        try (WsClient ws = WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", address))) {
            ws.next("connected");
            return new Reply(101, 0);
        } catch (IllegalStateException refused) {
            if (!(refused.getCause() instanceof WebSocketHandshakeException handshake)) throw refused;
            return Reply.of(handshake.getResponse());
        }
    }

    /** The neighbour's p99 in milliseconds over {@code count} reads, alternating nodes. */
    private static long neighbourP99(int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            assertThat(call(node(i), "/api/v1/chats/" + chat + "/messages?limit=5", NEIGHBOUR, neighbour.token(), null).status())
                    .isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        millis.sort(null);
        return millis.get((int) Math.ceil(count * 0.99) - 1);
    }

    private static Reply call(TestNode node, String path, String address, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", address)
                .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            return Reply.of(CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()));
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }
}
