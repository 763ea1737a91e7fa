package io.vestnik.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawHttp;
import io.vestnik.testing.RawHttp.Answer;
import io.vestnik.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that hold a socket without making progress are cut after a bound (VESTNIK_HEADER_TIMEOUT,
 * VESTNIK_KEEP_ALIVE_TIMEOUT, VESTNIK_BODY_TIMEOUT), streams being served are not, and an upload
 * is refused before its body is read when the caller is unknown, the file too large or the node's
 * upload budget spent.
 */
@Timeout(60)
class SlowClientsTest {
    /** The longest bound (the body's) plus a sweep and a loaded machine's slack. */
    private static final Duration CUT_WITHIN = Duration.ofSeconds(6);
    private static final int MAX_FILE = 10_000;
    private static TestNode node;
    private static User alice;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of(
                "VESTNIK_HEADER_TIMEOUT", "1s", "VESTNIK_KEEP_ALIVE_TIMEOUT", "1s", "VESTNIK_BODY_TIMEOUT", "2s",
                "VESTNIK_MAX_ATTACHMENT_BYTES", Integer.toString(MAX_FILE),
                "VESTNIK_UPLOAD_MEMORY_BUDGET", Integer.toString(MAX_FILE * 3 / 2)));
        alice = node.http().register("alice");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawHttp socket() {
        return RawHttp.connect(node.port(), Duration.ofMillis(200));
    }

    private static void send(RawHttp http, String text) {
        http.send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void awaitClosed(String what, RawHttp http) {
        Await.until(what, CUT_WITHIN, http::closedByServer);
    }

    @Test
    void a_connection_that_sends_nothing_or_half_a_head_is_closed() {
        try (RawHttp silent = socket(); RawHttp partial = socket()) {
            send(partial, "GET /api/v1/chats HTTP/1.1\r\nHost: 127");
            awaitClosed("a silent connection is closed", silent);
            awaitClosed("a connection with half a head is closed", partial);
        }
    }

    @Test
    void a_keep_alive_connection_idle_after_its_answer_is_closed() {
        try (RawHttp http = socket()) {
            send(http, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, http.answer().status());
            awaitClosed("an idle keep-alive connection is closed", http);
        }
    }

    @Test
    void a_body_that_trickles_past_the_body_timeout_gets_408_and_the_connection_is_closed() {
        try (RawHttp http = RawHttp.connect(node.port(), CUT_WITHIN)) {
            send(http, "POST /api/v1/chats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":");
            Answer answer = http.answer();
            assertEquals(408, answer.status(), answer::body);
            assertEquals("request_timeout", answer.error());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void an_event_stream_outlives_every_timeout() {
        try (RawHttp stream = RawHttp.connect(node.port(), Duration.ofSeconds(2)); RawHttp silent = socket()) {
            send(stream, "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token() + "\r\n\r\n");
            assertEquals(200, stream.answer().status());
            awaitClosed("a silent connection opened with the stream is closed", silent);
            try (RawHttp later = socket()) {
                awaitClosed("a silent connection opened after that is closed too", later);
            }
            assertFalse(stream.closedByServer(), "the event stream was cut");
        }
    }

    private static String uploadHead(String token, long length) {
        String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        return "POST /api/v1/attachments?name=a.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
                + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void an_upload_without_a_valid_token_is_refused_before_its_body_is_sent() {
        for (String token : new String[] {null, "not-a-token"}) {
            try (RawHttp http = RawHttp.connect(node.port(), CUT_WITHIN)) {
                send(http, uploadHead(token, MAX_FILE - 1));
                Answer answer = http.answer();
                assertEquals(401, answer.status(), answer::body);
                assertTrue(answer.closesConnection(), answer::head);
                awaitClosed("a refused upload's connection is closed", http);
            }
        }
    }

    @Test
    void an_upload_declaring_more_than_the_limit_gets_413_before_its_body_is_sent() {
        try (RawHttp http = RawHttp.connect(node.port(), CUT_WITHIN)) {
            send(http, uploadHead(alice.token(), MAX_FILE + 1));
            Answer answer = http.answer();
            assertEquals(413, answer.status(), answer::body);
            assertEquals("payload_too_large", answer.error());
        }
    }

    @Test
    void uploads_beyond_the_memory_budget_get_503_with_retry_after_until_one_finishes() {
        try (RawHttp first = RawHttp.connect(node.port(), CUT_WITHIN)) {
            send(first, uploadHead(alice.token(), MAX_FILE).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
            assertEquals(100, first.answer().status(), "leave to send comes once the upload holds its bytes");
            Answer refused = second(MAX_FILE);
            assertEquals(503, refused.status(), refused::body);
            assertEquals("unavailable", refused.error());
            assertTrue(refused.head().contains("retry-after:"), refused::head);
            first.send(new byte[MAX_FILE]);
            assertEquals(201, first.answer().status());
        }
        assertEquals(201, second(MAX_FILE).status(), "the budget is released once an upload is stored");
    }

    private static Answer second(int length) {
        try (RawHttp http = RawHttp.connect(node.port(), CUT_WITHIN)) {
            send(http, uploadHead(alice.token(), length));
            http.send(new byte[length]);
            return http.answer();
        }
    }
}
