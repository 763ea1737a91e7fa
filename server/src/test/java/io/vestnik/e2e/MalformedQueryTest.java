package io.vestnik.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawHttp;
import io.vestnik.testing.RawHttp.Answer;
import io.vestnik.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A query string with a broken {@code %} escape is the client's mistake: 400 {@code invalid_request}, on every route, at once. */
@Timeout(60)
class MalformedQueryTest {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static TestNode node;
    private static User alice;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        alice = node.http().register("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void assertInvalidRequest(Answer answer) {
        assertEquals(400, answer.status(), answer::body);
        assertEquals("invalid_request", answer.error(), answer::body);
        assertTrue(!answer.json().path("message").asText().isBlank(), answer::body);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/chats?cursor=%%%", "/api/v1/search/messages?q=%", "/api/v1/presence?user_ids=%G1",
            "/api/v1/chats/1/messages?after_seq=%"})
    void a_signed_in_caller_gets_400(String target) {
        assertInvalidRequest(RawHttp.get(node.port(), ANSWER_WITHIN, target, alice.token()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/events?x=%", "/api/v1/events/poll?timeout=%", "/api/v1/attachments/1/content?expires=%"})
    void a_caller_without_a_token_gets_400(String target) {
        assertInvalidRequest(RawHttp.get(node.port(), ANSWER_WITHIN, target, null));
    }

    private static final String FORM_PART = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XyZ--\r\n";

    static Stream<Arguments> postsWithBodies() {
        return Stream.of(
                Arguments.of("/api/v1/auth/login", "application/x-www-form-urlencoded", "username=a&password=b"),
                Arguments.of("/api/v1/auth/refresh", "application/x-www-form-urlencoded", "refresh_token=x"),
                Arguments.of("/api/v1/auth/login", "multipart/form-data; boundary=XyZ", FORM_PART),
                Arguments.of("/api/v1/attachments", "multipart/form-data; boundary=XyZ", FORM_PART),
                Arguments.of("/api/v1/attachments", "text/plain", "hello"),
                Arguments.of("/api/v1/auth/login", "application/json", "{\"username\": \"a\", \"password\": \"b\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("postsWithBodies")
    void a_post_with_a_body_is_answered_400_at_once(String path, String contentType, String body) {
        String head = "POST " + path + "?x=% HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                + "\r\nContent-Type: " + contentType;
        assertInvalidRequest(RawHttp.exchange(node.port(), ANSWER_WITHIN, head, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_connection_serves_the_next_request_after_the_refusal() {
        try (RawHttp http = RawHttp.connect(node.port(), ANSWER_WITHIN)) {
            byte[] body = "username=a&password=b".getBytes(StandardCharsets.UTF_8);
            http.send(("POST /api/v1/auth/login?x=% HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            http.send(body);
            assertInvalidRequest(http.answer());
            http.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, http.answer().status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/ws?ticket=%G1", "/ws?resume=%"})
    void a_websocket_upgrade_is_refused_with_400(String target) {
        try (RawHttp http = RawHttp.connect(node.port(), ANSWER_WITHIN)) {
            http.send(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade"
                    + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer "
                    + alice.token() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, http.answer().status());
        }
    }

    @Test
    void a_well_formed_escape_still_reads_as_its_character() {
        HttpApi http = node.http();
        assertEquals(200, http.get("/api/v1/search/messages?q=hello%20world", alice.token()).status());
        assertEquals(200, http.get("/api/v1/presence?user_ids=" + alice.id() + "%2C" + alice.id(), alice.token()).status());
    }
}
