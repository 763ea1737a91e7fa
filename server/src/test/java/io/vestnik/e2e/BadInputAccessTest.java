package io.vestnik.e2e;

import static io.vestnik.e2e.BadInputHttpTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Non-members, other people's messages and bad credentials: 404 that reveals nothing, 403, 401. */
class BadInputAccessTest {
    private static final String SECRET = "bad-input-test-secret-0123456789-abcdef";
    private static TestNode node;
    private static HttpApi http;
    private static User alice;
    private static User bob;
    private static User mallory;
    private static long chatId;
    private static long attachmentId;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_JWT_SECRET", SECRET));
        http = node.http();
        alice = http.register("alice");
        bob = http.register("bob");
        mallory = http.register("mallory");
        chatId = http.directChat(alice, bob);
        http.send(alice, chatId, "a-1", "hello bob");
        http.send(bob, chatId, "b-1", "hello alice");
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/api/v1/attachments?name=note.txt"))
                .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("secret note")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, upload.statusCode(), upload.body());
        attachmentId = HttpApi.JSON.readTree(upload.body()).path("id").asLong();
        Response withFile = http.post("/api/v1/chats/" + chatId + "/messages", alice.token(),
                Map.of("client_id", "a-2", "body", "file", "attachment_ids", List.of(attachmentId)));
        assertEquals(201, withFile.status(), withFile.text());
        assertEquals(201, http.post("/api/v1/chats/" + chatId + "/pins", alice.token(), Map.of("seq", 1)).status());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String snapshot() {
        JsonNode chat = http.get("/api/v1/chats/" + chatId, alice.token()).json().path("chat");
        String all = http.get("/api/v1/chats/" + chatId + "/messages", alice.token()).text() + "|"
                + http.get("/api/v1/chats/" + chatId + "/pins", alice.token()).text() + "|" + chat.path("members");
        return all.replaceAll("\"url\":\"[^\"]*\"", "url");
    }

    static Stream<Arguments> chatRoutes() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/chats/{chat}", null),
                Arguments.of("GET", "/api/v1/chats/{chat}/messages", null),
                Arguments.of("GET", "/api/v1/chats/{chat}/messages?after_seq=0", null),
                Arguments.of("POST", "/api/v1/chats/{chat}/messages", Map.of("client_id", "m-x", "body", "intrude")),
                Arguments.of("PATCH", "/api/v1/chats/{chat}/messages/1", Map.of("body", "hijacked")),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/messages/1", null),
                Arguments.of("POST", "/api/v1/chats/{chat}/read", Map.of("seq", 1)),
                Arguments.of("GET", "/api/v1/chats/{chat}/pins", null),
                Arguments.of("POST", "/api/v1/chats/{chat}/pins", Map.of("seq", 2)),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/pins/1", null),
                Arguments.of("POST", "/api/v1/chats/{chat}/members", Map.of("user_id", 1)),
                Arguments.of("DELETE", "/api/v1/chats/{chat}/members/{bob}", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("chatRoutes")
    void non_member_gets_404_for_every_chat_route_exactly_as_for_a_missing_chat(String method, String path, Object body) {
        String before = snapshot();
        String real = path.replace("{chat}", Long.toString(chatId)).replace("{bob}", Long.toString(bob.id()));
        String missing = path.replace("{chat}", "987654321").replace("{bob}", Long.toString(bob.id()));
        Response onReal = http.request(method, real, mallory.token(), body);
        Response onMissing = http.request(method, missing, mallory.token(), body);
        assertError(onReal, 404, "not_found");
        assertError(onMissing, 404, "not_found");
        assertEquals(onMissing.json().path("message").asText(), onReal.json().path("message").asText(),
                "the answer must not tell an existing chat from a missing one");
        assertEquals(before, snapshot());
    }

    @Test
    void non_member_gets_404_for_an_attachment_of_the_chat() {
        Response real = http.get("/api/v1/attachments/" + attachmentId, mallory.token());
        Response missing = http.get("/api/v1/attachments/987654321", mallory.token());
        assertError(real, 404, "not_found");
        assertError(missing, 404, "not_found");
        assertEquals(missing.json().path("message").asText(), real.json().path("message").asText());
        assertEquals(200, http.get("/api/v1/attachments/" + attachmentId, bob.token()).status());
    }

    @Test
    void non_member_cannot_reach_the_chat_through_search_or_forwarding() {
        Response search = http.get("/api/v1/search/messages?q=hello&chat_id=" + chatId, mallory.token());
        assertTrue(search.status() == 200 || search.status() == 404, search.text());
        if (search.status() == 200) assertEquals(0, search.json().path("messages").size(), search.text());
        else assertError(search, 404, "not_found");
        Response all = http.get("/api/v1/search/messages?q=hello", mallory.token());
        assertEquals(200, all.status(), all.text());
        assertEquals(0, all.json().path("messages").size(), all.text());

        long own = http.directChat(mallory, bob);
        String before = http.get("/api/v1/chats/" + own + "/messages", mallory.token()).text();
        Response forward = http.post("/api/v1/chats/" + own + "/messages", mallory.token(),
                Map.of("client_id", "fwd-1", "forward", Map.of("chat_id", chatId, "seq", 1)));
        assertError(forward, 404, "not_found");
        Response attach = http.post("/api/v1/chats/" + own + "/messages", mallory.token(),
                Map.of("client_id", "att-1", "body", "steal", "attachment_ids", List.of(attachmentId)));
        Response attachMissing = http.post("/api/v1/chats/" + own + "/messages", mallory.token(),
                Map.of("client_id", "att-2", "body", "steal", "attachment_ids", List.of(987654321L)));
        assertTrue(attach.status() == 404 || attach.status() == 400, attach.text());
        assertError(attach, attach.status(), attach.status() == 404 ? "not_found" : "invalid_request");
        assertEquals(attachMissing.status(), attach.status(), "someone else's attachment answers like a missing one");
        assertEquals(withoutRequestId(attachMissing), withoutRequestId(attach));
        assertEquals(before, http.get("/api/v1/chats/" + own + "/messages", mallory.token()).text());
    }

    /** An error body but its request id, which names each request apart. */
    private static JsonNode withoutRequestId(Response error) {
        return ((ObjectNode) error.json().deepCopy()).without("request_id");
    }

    @Test
    void editing_someone_elses_message_is_forbidden() {
        String before = snapshot();
        Response r = http.patch("/api/v1/chats/" + chatId + "/messages/1", bob.token(), Map.of("body", "bob was here"));
        assertError(r, 403, "forbidden");
        assertEquals(before, snapshot());
        JsonNode first = http.get("/api/v1/chats/" + chatId + "/messages", bob.token()).json().path("messages").get(0);
        assertEquals("hello bob", first.path("body").asText());
        assertTrue(first.path("edited_at").isNull(), first.toString());
    }

    private static String forge(Map<String, Object> claims, String secret, Instant expires) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("vestnik").subject(Long.toString(alice.id()))
                .claim("sid", alice.sessionId()).issueTime(Date.from(expires.minusSeconds(900)))
                .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString());
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** Changes the signature's first character: every bit of it counts (the last one's low bits do not). */
    private static String flipSignatureChar(String token) {
        int at = token.lastIndexOf('.') + 1;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'Q' : 'A') + token.substring(at + 1);
    }

    @Test
    void forged_token_signed_with_the_servers_secret_is_accepted_so_the_refusals_below_mean_something() throws Exception {
        Response r = http.get("/api/v1/users/me", forge(Map.of(), SECRET, Instant.now().plusSeconds(600)));
        assertEquals(200, r.status(), r.text());
        assertEquals(alice.id(), r.json().path("id").asLong());
    }

    @Test
    void expired_token_is_refused() throws Exception {
        String expired = forge(Map.of(), SECRET, Instant.now().minusSeconds(120));
        assertError(http.get("/api/v1/users/me", expired), 401, "unauthorized");
        assertError(http.post("/api/v1/ws-ticket", expired, null), 401, "unauthorized");
    }

    @Test
    void tampered_token_is_refused() throws Exception {
        String good = alice.token();
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + alice.id() + "\"", "\"sub\":\"" + bob.id() + "\"");
        String swapped = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        for (String bad : List.of(flipSignatureChar(good), swapped, unsigned, good + "x", "garbage", "a.b.c",
                forge(Map.of(), "another-secret-of-at-least-32-bytes!!", Instant.now().plusSeconds(600)),
                forge(Map.of("iss", "someone-else"), SECRET, Instant.now().plusSeconds(600)), alice.refreshToken())) {
            Response r = http.get("/api/v1/users/me", bad);
            assertError(r, 401, "unauthorized");
            Response send = http.post("/api/v1/chats/" + chatId + "/messages", bad, Map.of("client_id", "t-" + bad.hashCode(), "body", "x"));
            assertError(send, 401, "unauthorized");
        }
        assertEquals(200, http.get("/api/v1/users/me", good).status());
    }

    @Test
    void missing_or_malformed_authorization_header_is_refused() throws Exception {
        assertError(http.get("/api/v1/chats", null), 401, "unauthorized");
        for (String header : List.of("Basic YWxpY2U6cHc=", "Bearer", "Bearer ", alice.token(), "bearer  ")) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/chats"))
                    .header("Authorization", header).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), header + " -> " + r.body());
            assertEquals("unauthorized", HttpApi.JSON.readTree(r.body()).path("error").asText(), r.body());
        }
    }

    @Test
    void revoked_session_token_is_refused_after_logout_and_after_delete() throws Exception {
        User carol = http.register("carol");
        User carolPhone = http.login(carol.username());
        assertEquals(204, http.post("/api/v1/auth/logout", carol.token(), null).status());
        assertError(http.get("/api/v1/users/me", carol.token()), 401, "unauthorized");
        assertError(http.post("/api/v1/ws-ticket", carol.token(), null), 401, "unauthorized");
        assertError(http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", carol.refreshToken())), 401, "unauthorized");

        User carolLaptop = http.login(carol.username());
        assertEquals(204, http.delete("/api/v1/sessions/" + carolLaptop.sessionId(), carolPhone.token()).status());
        assertError(http.get("/api/v1/users/me", carolLaptop.token()), 401, "unauthorized");
        assertEquals(200, http.get("/api/v1/users/me", carolPhone.token()).status());
    }

    @Test
    void deleting_someone_elses_session_is_not_possible() {
        Response r = http.delete("/api/v1/sessions/" + alice.sessionId(), mallory.token());
        assertTrue(r.status() == 404 || r.status() == 403, r.status() + " " + r.text());
        assertError(r, r.status(), r.status() == 404 ? "not_found" : "forbidden");
        assertEquals(200, http.get("/api/v1/users/me", alice.token()).status());
    }

    @Test
    void rotated_refresh_token_is_refused() {
        User dave = http.register("dave");
        Response first = http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", dave.refreshToken()));
        assertEquals(200, first.status(), first.text());
        assertError(http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", dave.refreshToken())), 401, "unauthorized");
        assertError(http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", "not-a-token")), 401, "unauthorized");
    }
}
