package io.vestnik.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad frames get an error event and the socket lives on; oversized frames, bad upgrades and revoked sessions do not. */
class BadInputWebSocketTest {
    private static TestNode node;
    private static HttpApi http;
    private static User alice;
    private static User bob;
    private static User mallory;
    private static long chatId;
    private static long malloryChat;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        http = node.http();
        alice = http.register("alice");
        bob = http.register("bob");
        mallory = http.register("mallory");
        chatId = http.directChat(alice, bob);
        malloryChat = http.directChat(mallory, bob);
        http.send(alice, chatId, "seed-1", "first");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String history(long chat, User reader) {
        return http.get("/api/v1/chats/" + chat + "/messages", reader.token()).json().path("messages").toString();
    }

    private static void assertStillAlive(WsClient ws) {
        ws.send(Map.of("type", "ping"));
        assertTrue(ws.next("pong").path("timestamp").isTextual(), "pong after a bad frame");
        assertTrue(!ws.isClosed(), "socket must stay open");
    }

    /** @param code the expected code, or alternatives separated by '|' where the contract leaves the choice open */
    private static void assertErrorEvent(JsonNode error, String code) {
        assertTrue(List.of(code.split("\\|")).contains(error.path("error").asText()), code + " expected: " + error);
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), error.toString());
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("{\"type\": \"ping\"", "invalid_json"),
                Arguments.of("not json at all", "invalid_json"),
                Arguments.of("{\"type\": \"teleport\"}", "unknown_type"),
                Arguments.of("{\"type\": 42}", "unknown_type"),
                Arguments.of("{\"chat_id\": 1, \"body\": \"no type\"}", "unknown_type"),
                Arguments.of("[]", "invalid_request|unknown_type"),
                Arguments.of("\"ping\"", "invalid_request|unknown_type"),
                Arguments.of("{\"type\": \"send\", \"client_id\": \"w1\", \"body\": \"no chat\"}", "invalid_request"),
                Arguments.of("{\"type\": \"send\", \"chat_id\": \"{chat}\", \"client_id\": \"w2\", \"body\": \"x\"}", "invalid_request"),
                Arguments.of("{\"type\": \"send\", \"chat_id\": {chat}, \"body\": \"no client id\"}", "invalid_request"),
                Arguments.of("{\"type\": \"send\", \"chat_id\": {chat}, \"client_id\": \"w3\"}", "invalid_request"),
                Arguments.of("{\"type\": \"send\", \"chat_id\": {chat}, \"client_id\": \"w4\", \"body\": 12}", "invalid_request"),
                Arguments.of("{\"type\": \"typing\", \"chat_id\": {chat}}", "invalid_request"),
                Arguments.of("{\"type\": \"typing\", \"is_typing\": true}", "invalid_request"),
                Arguments.of("{\"type\": \"typing\", \"chat_id\": {chat}, \"is_typing\": \"yes\"}", "invalid_request"),
                Arguments.of("{\"type\": \"mark_read\", \"seq\": 1}", "invalid_request"),
                Arguments.of("{\"type\": \"mark_read\", \"chat_id\": {chat}, \"seq\": \"1\"}", "invalid_request"),
                Arguments.of("{\"type\": \"reaction\", \"chat_id\": {chat}, \"seq\": 1, \"emoji\": \"👍\"}", "invalid_request"),
                Arguments.of("{\"type\": \"reaction\", \"chat_id\": {chat}, \"seq\": 1, \"added\": true}", "invalid_request"),
                Arguments.of("{\"type\": \"reaction\", \"chat_id\": {chat}, \"seq\": 1, \"emoji\": \"ok\", \"added\": true}", "invalid_request"),
                Arguments.of("{\"type\": \"reaction\", \"chat_id\": {chat}, \"emoji\": \"👍\", \"added\": true}", "invalid_request"),
                Arguments.of("{\"type\": \"resume\", \"positions\": [1, 2]}", "invalid_request"),
                Arguments.of("{\"type\": \"resume\", \"positions\": {\"abc\": 1}}", "invalid_request"),
                Arguments.of("{\"type\": \"resume\"}", "invalid_request"),
                Arguments.of("{\"type\": \"resume\", \"positions\": null}", "invalid_request"),
                Arguments.of("{\"type\": \"mark_read\", \"chat_id\": {chat}, \"seq\": 99999999999999999999999}", "invalid_request"),
                Arguments.of("{\"type\": \"ping\"} {\"type\": \"ping\"}", "invalid_json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void bad_frame_gets_an_error_event_and_the_connection_lives_on(String frame, String code) {
        String before = history(chatId, alice);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            ws.send(frame.replace("{chat}", Long.toString(chatId)));
            assertErrorEvent(ws.next("error"), code);
            assertStillAlive(ws);
            assertTrue(ws.drain("ack").isEmpty(), "a bad frame must not be acknowledged");
        }
        assertEquals(before, history(chatId, alice));
    }

    @Test
    void sending_to_a_chat_one_is_not_in_gets_not_found_with_the_client_id() {
        String before = history(malloryChat, mallory);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            for (long target : List.of(malloryChat, 987654321L)) {
                ws.send(Map.of("type", "send", "chat_id", target, "client_id", "nm-" + target, "body", "intrude"));
                JsonNode error = ws.next("error");
                assertErrorEvent(error, "not_found");
                assertEquals("nm-" + target, error.path("client_id").asText(), error.toString());
            }
            ws.send(Map.of("type", "mark_read", "chat_id", malloryChat, "seq", 1));
            assertErrorEvent(ws.next("error"), "not_found");
            ws.send(Map.of("type", "resume", "positions", Map.of(Long.toString(malloryChat), 0)));
            assertErrorEvent(ws.next("error"), "not_found");
            assertTrue(ws.drain("new_message").isEmpty(), "resume must not replay a chat one is not in");
            assertStillAlive(ws);
        }
        assertEquals(before, history(malloryChat, mallory));
    }

    @Test
    void binary_frame_gets_an_error_event_and_the_connection_lives_on() throws Exception {
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            ws.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertErrorEvent(ws.next("error"), "invalid_request");
            assertStillAlive(ws);
        }
    }

    @Test
    void text_frame_over_64_kb_closes_the_socket_with_4008_and_stores_nothing() {
        String before = history(chatId, alice);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            ws.send(Map.of("type", "send", "chat_id", chatId, "client_id", "big-1", "body", "x".repeat(65 * 1024)));
            assertEquals(4008, ws.closeCode());
        }
        assertEquals(before, history(chatId, alice));
    }

    @Test
    void revoked_session_socket_is_closed_with_4001() {
        User phone = http.login(alice.username());
        User laptop = http.login(alice.username());
        try (WsClient onPhone = WsClient.connect(node, phone); WsClient onLaptop = WsClient.connect(node, laptop)) {
            onPhone.next("connected");
            onLaptop.next("connected");
            assertEquals(204, http.post("/api/v1/auth/logout", phone.token(), null).status());
            assertEquals(4001, onPhone.closeCode());
            assertEquals(204, http.delete("/api/v1/sessions/" + laptop.sessionId(), alice.token()).status());
            assertEquals(4001, onLaptop.closeCode());
        }
    }

    @Test
    void ticket_of_a_revoked_session_is_refused() {
        User tablet = http.login(alice.username());
        String ticket = http.ticket(tablet);
        assertEquals(204, http.post("/api/v1/auth/logout", tablet.token(), null).status());
        assertEquals(401, upgradeStatus("/ws?ticket=" + ticket, Map.of()));
    }

    @Test
    void a_ticket_opens_one_connection_a_second_upgrade_with_it_is_refused_with_401() {
        String ticket = http.ticket(alice);
        assertEquals(101, upgradeStatus("/ws?ticket=" + ticket, Map.of()), "first use");
        assertEquals(401, upgradeStatus("/ws?ticket=" + ticket, Map.of()), "second use");
        assertEquals(101, upgradeStatus("/ws?ticket=" + http.ticket(alice), Map.of()), "a new ticket works");
    }

    @Test
    void upgrade_without_ticket_or_with_a_tampered_ticket_is_refused_with_401() {
        String ticket = http.ticket(alice);
        char last = ticket.charAt(ticket.length() - 1);
        String tampered = ticket.substring(0, ticket.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(101, upgradeStatus("/ws?ticket=" + http.ticket(alice), Map.of()), "control: a good ticket upgrades");
        assertEquals(401, upgradeStatus("/ws", Map.of()));
        assertEquals(401, upgradeStatus("/ws?ticket=", Map.of()));
        assertEquals(401, upgradeStatus("/ws?ticket=" + tampered, Map.of()));
        assertEquals(401, upgradeStatus("/ws?ticket=garbage", Map.of()));
        assertEquals(401, upgradeStatus("/ws", Map.of("Authorization", "Bearer not-a-token")));
        assertEquals(401, upgradeStatus("/ws", Map.of("Authorization", "Bearer " + alice.refreshToken())));
    }

    @Test
    void upgrade_from_a_disallowed_origin_is_refused_with_403() {
        String port = node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1);
        assertEquals(101, upgradeStatus("/ws?ticket=" + http.ticket(alice), Map.of("Origin", "http://127.0.0.1:" + port)),
                "control: the server's own origin upgrades");
        for (String origin : List.of("https://evil.example", "http://127.0.0.1:1", "null", "http://127.0.0.1:" + port + ".evil.example")) {
            assertEquals(403, upgradeStatus("/ws?ticket=" + http.ticket(alice), Map.of("Origin", origin)), origin);
        }
    }

    @Test
    void a_text_frame_that_is_not_utf8_closes_the_socket_with_1007() throws java.io.IOException {
        URI base = URI.create(node.baseUrl());
        try (RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(), "/ws?ticket=" + http.ticket(alice), 0)) {
            assertEquals(101, raw.statusCode());
            byte[] invalid = "{\"type\":\"typing\",\"chat_id\":1,\"is_typing\":true,\"x\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
            raw.sendText(invalid);
            assertEquals(1007, raw.awaitClose(java.time.Duration.ofSeconds(10)));
        }
    }

    /** The status of an upgrade written by hand (java.net.http refuses to set Origin). */
    private static int upgradeStatus(String pathAndQuery, Map<String, String> extra) {
        URI base = URI.create(node.baseUrl());
        try (RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(), pathAndQuery, 0, extra)) {
            return raw.statusCode();
        } catch (java.io.IOException e) {
            throw new AssertionError("upgrade request failed", e);
        }
    }
}
