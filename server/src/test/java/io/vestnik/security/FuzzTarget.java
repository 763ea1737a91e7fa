package io.vestnik.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawHttp;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node a fuzzer class attacks, and what it checks after every input: no 5xx, an answer within
 * {@link #BOUND}, no ERROR in the node's log. A bystander's WebSocket, in a chat the fuzzing user is
 * not in, must still be open and get a message sent after the fuzzing ({@link #close()}).
 */
final class FuzzTarget implements AutoCloseable {
    static final Duration BOUND = Duration.ofSeconds(5);

    /**
     * Rate limits stay off (TestNode's default): one user at one address sending hundreds of inputs
     * a second would get 429 for nearly all of them, which reaches no route. The fuzzing user's real
     * token goes with many inputs instead, so the routes behind authentication are fuzzed too; the
     * limits have tests of their own (FloodTest, RateLimiterContract).
     */
    final TestNode node = TestNode.start(TestNode.Storage.SQLITE);
    final HttpApi http = node.http();
    /** The fuzzing user, with a group chat, a message in it and an upload, so ids in paths can be real. */
    final User fuzzer = http.register("fuzzer");
    final long chat = http.post("/api/v1/chats", fuzzer.token(), Map.of("kind", "group", "title", "Fuzz",
            "member_ids", new long[] {http.register("fuzzed").id()})).json().path("chat").path("id").asLong();
    final long seq = http.send(fuzzer, chat, "seed", "seed message").path("seq").asLong();
    private final User bystander = http.register("bystander");
    private final User friend = http.register("friend");
    private final long bystanderChat = http.directChat(friend, bystander);
    private final WsClient bystanderSocket = WsClient.connect(node, bystander);
    private final NodeErrors errors = NodeErrors.attach();
    private final String name;
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong hangs = new AtomicLong();

    FuzzTarget(String name) {
        this.name = name;
        bystanderSocket.next("connected");
    }

    /**
     * One HTTP input: counts it and fails on a 5xx, a hang or a logged error, naming the input.
     * {@code framingUnknown}: see {@link RawHttp#statusLine}.
     */
    void check(byte[] request, boolean framingUnknown) throws IOException {
        inputs.incrementAndGet();
        RawHttp.StatusLine answer;
        try {
            answer = RawHttp.statusLine(node.port(), BOUND, request, framingUnknown);
        } catch (RawHttp.Hang hang) {
            hangs.incrementAndGet();
            throw new AssertionError(hang.getMessage());
        }
        if (answer.status() >= 500) serverErrors.incrementAndGet();
        assertThat(answer.status()).as("%s answered to %s", answer.line(), RawHttp.abbreviate(request)).isLessThan(500);
        noErrorsLogged(RawHttp.abbreviate(request));
    }

    void countInput() {
        inputs.incrementAndGet();
    }

    void countHang() {
        hangs.incrementAndGet();
    }

    void noErrorsLogged(String input) {
        assertThat(errors.take()).as("errors the node logged after %s", input).isEmpty();
    }

    /** The bystander saw nothing of the fuzzing: still connected, and served. Then the figures. */
    @Override
    public void close() {
        try {
            assertThat(bystanderSocket.isClosed()).as("the bystander's socket stayed open").isFalse();
            http.send(friend, bystanderChat, "after-fuzz", "still there?");
            assertThat(bystanderSocket.next("new_message").path("message").path("body").asText()).isEqualTo("still there?");
            noErrorsLogged("the whole run");
        } finally {
            report();
            bystanderSocket.close();
            errors.close();
            node.close();
        }
    }

    /** One line per class for bin/fuzz to add up: inputs, 5xx, hangs. */
    private void report() {
        String line = name + " inputs=" + inputs + " 5xx=" + serverErrors + " hangs=" + hangs;
        System.out.println("fuzz: " + line);
        try {
            Path dir = Path.of("target", "fuzz");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), line + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
