package io.vestnik.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed, mistyped, incomplete and oversized HTTP input: a 4xx in the contract's error shape, never a 5xx. */
class BadInputHttpTest {
    private static TestNode node;
    private static HttpApi http;
    private static User alice;
    private static User bob;
    private static long chatId;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_MAX_ATTACHMENT_BYTES", "1000"));
        http = node.http();
        alice = http.register("alice");
        bob = http.register("bob");
        chatId = http.directChat(alice, bob);
        http.send(alice, chatId, "seed-1", "first");
        http.send(bob, chatId, "seed-2", "second");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Asserts the status and the contract's {error, message} shape. */
    static void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), () -> "status; body: " + r.text());
        assertTrue(r.json() != null && r.json().isObject(), () -> "error body must be a JSON object: " + r.text());
        assertEquals(code, r.error(), () -> "error code; body: " + r.text());
        assertTrue(r.json().path("message").isTextual() && !r.json().path("message").asText().isBlank(),
                () -> "error needs a human message: " + r.text());
    }

    private static List<String> history() {
        Response r = http.get("/api/v1/chats/" + chatId + "/messages?limit=500", alice.token());
        assertEquals(200, r.status(), r.text());
        List<String> seen = new ArrayList<>();
        for (JsonNode m : r.json().path("messages")) seen.add(m.path("seq").asLong() + ":" + m.path("body").asText() + ":" + m.path("edited_at").asText());
        return seen;
    }

    private static String pins() {
        return http.get("/api/v1/chats/" + chatId + "/pins", alice.token()).text();
    }

    private static String chat() {
        JsonNode chat = http.get("/api/v1/chats/" + chatId, alice.token()).json().path("chat");
        return chat.path("members").toString() + chat.path("last_seq");
    }

    /** Every JSON-taking route; null token = public route. */
    static Stream<Arguments> jsonRoutes() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/auth/register", false),
                Arguments.of("POST", "/api/v1/auth/login", false),
                Arguments.of("POST", "/api/v1/auth/refresh", false),
                Arguments.of("POST", "/api/v1/chats", true),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", true),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/1", true),
                Arguments.of("POST", "/api/v1/chats/{chat}/members", true),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", true),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", true));
    }

    private static Response call(String method, String path, boolean authed, Object body) {
        return http.request(method, path.replace("{chat}", Long.toString(chatId)), authed ? alice.token() : null, body);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jsonRoutes")
    void malformed_json_gets_invalid_json_and_changes_nothing(String method, String path, boolean authed) {
        List<String> before = history();
        String pinsBefore = pins();
        String chatBefore = chat();
        for (String bad : List.of("{\"client_id\": \"x\", \"body\": ", "{not json}", "{\"seq\": 1,}", "{\"a\":1} trailing", "{\"seq\":1} {\"seq\":2}")) {
            assertError(call(method, path, authed, bad), 400, "invalid_json");
        }
        assertEquals(before, history());
        assertEquals(pinsBefore, pins());
        assertEquals(chatBefore, chat());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jsonRoutes")
    void body_that_is_not_an_object_is_refused(String method, String path, boolean authed) {
        for (String bad : List.of("[]", "\"text\"", "42", "null", "")) {
            Response r = call(method, path, authed, bad);
            assertEquals(400, r.status(), () -> "body <" + bad + ">: " + r.text());
            assertTrue(BAD_REQUEST_CODES.contains(r.error()), () -> "body <" + bad + ">: " + r.text());
        }
    }

    private static final List<String> BAD_REQUEST_CODES = List.of("invalid_json", "invalid_request");

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jsonRoutes")
    void json_body_over_64_kb_gets_413_and_changes_nothing(String method, String path, boolean authed) {
        List<String> before = history();
        String big = "x".repeat(70 * 1024);
        Map<String, Object> body = Map.of("client_id", "huge-" + method + path.length(), "body", big, "username", big,
                "password", big, "refresh_token", big, "seq", 1, "user_id", bob.id());
        assertError(call(method, path, authed, body), 413, "payload_too_large");
        assertEquals(before, history());
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{\"seq\": \"1\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{\"seq\": 1.5}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{\"seq\": true}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{\"seq\": 99999999999999999999999}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", "{\"seq\": \"1\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/members", "{\"user_id\": \"2\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/members", "{\"user_id\": [2]}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"t1\", \"body\": 123}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": 7, \"body\": \"hi\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"t2\", \"body\": {\"x\": 1}}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"t3\", \"body\": \"hi\", \"reply_to_seq\": \"1\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"t4\", \"body\": \"hi\", \"attachment_ids\": \"1\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"t5\", \"body\": \"hi\", \"forward\": 3}"),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/1", "{\"body\": 5}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"direct\", \"member_ids\": \"2\"}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"direct\", \"member_ids\": [\"x\"]}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": 1, \"member_ids\": [2]}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"group\", \"title\": [\"t\"], \"member_ids\": [2]}"),
                Arguments.of("POST", "/api/v1/auth/register", "{\"username\": 12345, \"password\": \"correct horse 1\"}"),
                Arguments.of("POST", "/api/v1/auth/login", "{\"username\": \"alice\", \"password\": 1}"),
                Arguments.of("POST", "/api/v1/auth/refresh", "{\"refresh_token\": 1}"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("wrongTypes")
    void string_where_number_expected_and_other_wrong_types_are_refused(String method, String path, String body) {
        List<String> before = history();
        String chatBefore = chat();
        assertError(call(method, path, true, body), 400, "invalid_request");
        assertEquals(before, history());
        assertEquals(chatBefore, chat());
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", "{}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/members", "{}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"body\": \"no client id\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"m1\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"m2\", \"body\": null}"),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/1", "{}"),
                Arguments.of("POST", "/api/v1/chats", "{\"member_ids\": [2]}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"direct\"}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"listing\", \"member_ids\": [2]}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"no-such-kind\", \"member_ids\": [2]}"),
                Arguments.of("POST", "/api/v1/auth/register", "{\"username\": \"nopass\"}"),
                Arguments.of("POST", "/api/v1/auth/register", "{\"password\": \"correct horse 1\"}"),
                Arguments.of("POST", "/api/v1/auth/login", "{\"username\": \"x\"}"),
                Arguments.of("POST", "/api/v1/auth/refresh", "{}"),
                // present but invalid values
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"\", \"body\": \"x\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"v1\", \"body\": \"\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"" + "k".repeat(500) + "\", \"body\": \"x\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"v2\", \"body\": \"" + "y".repeat(60_000) + "\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"v3\", \"body\": \"x\", \"reply_to_seq\": -1}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"v4\", \"body\": \"x\", \"attachment_ids\": [null]}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", "{\"client_id\": \"v5\", \"body\": \"x\", \"forward\": {}}"),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/1", "{\"body\": \"\"}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", "{\"seq\": -1}"),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", "{\"seq\": 0}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"direct\", \"member_ids\": [null]}"),
                Arguments.of("POST", "/api/v1/chats", "{\"kind\": \"listing\", \"member_ids\": [2], \"context\": {\"type\": \"car\", \"id\": \"1\"}}"),
                Arguments.of("POST", "/api/v1/auth/register", "{\"username\": \"\", \"password\": \"correct horse 1\"}"),
                Arguments.of("POST", "/api/v1/auth/register", "{\"username\": \"shortpw\", \"password\": \"x\"}"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("missingFields")
    void missing_or_invalid_fields_are_refused_and_change_nothing(String method, String path, String body) {
        List<String> before = history();
        String chatBefore = chat();
        String pinsBefore = pins();
        assertError(call(method, path, true, body), 400, "invalid_request");
        assertEquals(before, history());
        assertEquals(chatBefore, chat());
        assertEquals(pinsBefore, pins());
    }

    static Stream<String> badQueries() {
        return Stream.of(
                "/api/v1/chats?limit=abc",
                "/api/v1/chats?limit=-1",
                "/api/v1/chats/{chat}/messages?limit=ten",
                "/api/v1/chats/{chat}/messages?before_seq=x",
                "/api/v1/chats/{chat}/messages?after_seq=1.5",
                "/api/v1/chats/{chat}/messages?before_seq=-3",
                "/api/v1/search/messages?q=hi&chat_id=abc",
                "/api/v1/search/messages?q=hi&limit=%20",
                "/api/v1/presence?user_ids=a,b",
                "/api/v1/presence");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void malformed_query_parameters_are_refused(String path) {
        assertError(call("GET", path, true, null), 400, "invalid_request");
    }

    static Stream<Arguments> badPathIds() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/chats/abc"),
                Arguments.of("GET", "/api/v1/chats/1.5/messages"),
                Arguments.of("GET", "/api/v1/chats/99999999999999999999999"),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/first"),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/messages/-1"),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/members/me"),
                Arguments.of("GET", "/api/v1/users/abc"),
                Arguments.of("DELETE", "/api/v1/sessions/abc"),
                Arguments.of("GET", "/api/v1/attachments/abc"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badPathIds")
    void non_numeric_or_out_of_range_path_ids_get_a_4xx_not_a_5xx(String method, String path) {
        List<String> before = history();
        Response r = call(method, path, true, method.equals("PATCH") ? Map.of("body", "x") : null);
        assertTrue(r.status() == 400 || r.status() == 404, () -> method + " " + path + " -> " + r.status() + " " + r.text());
        assertError(r, r.status(), r.status() == 400 ? "invalid_request" : "not_found");
        assertEquals(before, history());
    }

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/chats/987654321", null),
                Arguments.of("GET", "/api/v1/users/987654321", null),
                Arguments.of("GET", "/api/v1/attachments/987654321", null),
                Arguments.of("DELETE", "/api/v1/sessions/987654321", null),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/9999", Map.of("body", "ghost")),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/messages/9999", null),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", Map.of("seq", 9999)),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/pins/9999", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownIds")
    void unknown_ids_get_404(String method, String path, Object body) {
        List<String> before = history();
        String pinsBefore = pins();
        assertError(call(method, path, true, body), 404, "not_found");
        assertEquals(before, history());
        assertEquals(pinsBefore, pins());
    }

    @Test
    void unknown_user_as_chat_member_is_a_client_error() {
        String chatBefore = chat();
        Response r = http.post("/api/v1/chats", alice.token(), Map.of("kind", "direct", "member_ids", List.of(987654321L)));
        assertTrue(r.status() == 404 || r.status() == 400, r.status() + " " + r.text());
        assertError(r, r.status(), r.status() == 404 ? "not_found" : "invalid_request");
        Response group = http.post("/api/v1/chats", alice.token(), Map.of("kind", "group", "title", "g", "member_ids", List.of(bob.id())));
        assertEquals(201, group.status(), group.text());
        long groupId = group.json().path("chat").path("id").asLong();
        Response add = http.post("/api/v1/chats/" + groupId + "/members", alice.token(), Map.of("user_id", 987654321L));
        assertTrue(add.status() == 404 || add.status() == 400, add.status() + " " + add.text());
        assertError(add, add.status(), add.status() == 404 ? "not_found" : "invalid_request");
        assertEquals(2, http.get("/api/v1/chats/" + groupId, alice.token()).json().path("chat").path("members").size());
        assertEquals(chatBefore, chat());
    }

    private static Response upload(String contentType, byte[] content) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/attachments?name=f.txt"))
                .header("Authorization", "Bearer " + alice.token());
        if (contentType != null) b.header("Content-Type", contentType);
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : HttpApi.JSON.readTree(r.body()), r.headers(), r.body());
    }

    @Test
    void bad_uploads_are_refused_and_content_needs_a_valid_signed_url() throws Exception {
        assertError(upload("text/plain", new byte[0]), 400, "invalid_request");
        assertError(upload("text/plain", new byte[2000]), 413, "payload_too_large");
        assertError(upload("not a type", "abc".getBytes()), 415, "unsupported_media_type");
        Response ok = upload("text/plain", "abc".getBytes());
        assertEquals(201, ok.status(), ok.text());
        String url = ok.json().path("url").asText();
        assertEquals(200, http.get(url, null).status(), "control: the signed url works");
        long id = ok.json().path("id").asLong();
        String tampered = url.substring(0, url.length() - 2) + (url.endsWith("AA") ? "BB" : "AA");
        for (String bad : List.of("/api/v1/attachments/" + id + "/content", tampered,
                url.replaceAll("expires=\\d+", "expires=1"), url.replaceAll("expires=\\d+", "expires=abc"),
                url.replace("/attachments/" + id + "/", "/attachments/" + (id + 1000) + "/"))) {
            assertError(http.get(bad, null), 403, "forbidden");
        }
    }

    @Test
    void unknown_route_and_wrong_method_use_the_error_shape() {
        assertError(http.get("/api/v1/no-such-thing", alice.token()), 404, "not_found");
        assertError(http.request("PUT", "/api/v1/chats/" + chatId, alice.token(), "{}"), 405, "method_not_allowed");
    }
}
