package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: the host application's servers, with only a service key, provision users by their
 * own ids, open chats between them and post as a bot; a key is scoped, never a user's token, and
 * revoked at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerApiTest {
    static final String ADMIN = "server-api-admin-token-0123456789";
    static final String HOST_SECRET = "server-api-host-secret-0123456789-abcdef";
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET,
                "VESTNIK_RATE_LIMITS", "on"));
        http = node.http();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_host_server_with_only_a_key_opens_a_listing_chat_where_a_bot_posts_and_both_users_receive_it() {
        String key = key("users", "chats", "messages");
        String buyer = unique("buyer");
        String seller = unique("seller");
        String bot = unique("assistant");
        long buyerId = putUser(key, buyer, Map.of("display_name", "Buyer")).path("id").asLong();
        long sellerId = putUser(key, seller, Map.of("display_name", "Seller")).path("id").asLong();
        JsonNode botUser = putUser(key, bot, Map.of("display_name", "Shop assistant", "bot", true));
        try (WsClient buyerSocket = socket(buyer); WsClient sellerSocket = socket(seller)) {
            assertThat(buyerSocket.next("connected").path("user_id").asLong()).isEqualTo(buyerId);
            assertThat(sellerSocket.next("connected").path("user_id").asLong()).isEqualTo(sellerId);
            Map<String, Object> listing = Map.of("kind", "listing", "member_external_ids", List.of(buyer, seller),
                    "context", Map.of("type", "listing", "id", "bike-" + buyer));
            Response opened = http.post("/api/v1/server/chats", key, listing);
            assertThat(opened.status()).as(opened.text()).isEqualTo(201);
            long chat = opened.json().path("chat").path("id").asLong();
            Response again = http.post("/api/v1/server/chats", key, listing);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("chat").path("id").asLong()).isEqualTo(chat);
            assertThat(http.post("/api/v1/server/chats/" + chat + "/members", key, Map.of("external_id", bot)).status()).isEqualTo(200);

            Response sent = post(key, chat, bot, "order-1", "Your bike ships tomorrow.");
            assertThat(sent.status()).as(sent.text()).isEqualTo(201);
            for (WsClient socket : List.of(buyerSocket, sellerSocket)) {
                JsonNode message = socket.next("new_message").path("message");
                assertThat(message.path("sender_id").asLong()).isEqualTo(botUser.path("id").asLong());
                assertThat(message.path("body").asText()).isEqualTo("Your bike ships tomorrow.");
            }
        }
    }

    @Test
    void a_bot_replies_forwards_and_sends_a_file_uploaded_for_it_and_chats_name_members_by_external_id() {
        String key = key("users", "chats", "messages");
        String anna = unique("anna");
        String boris = unique("boris");
        String bot = unique("bot");
        putUser(key, anna, Map.of("display_name", "Anna"));
        putUser(key, boris, Map.of("display_name", "Boris"));
        putUser(key, bot, Map.of("display_name", "Helper", "bot", true));
        long support = directChat(key, anna, bot);
        Response got = http.get("/api/v1/server/chats/" + support, key);
        assertThat(got.text().split("\"members\"", -1)).as("one members list: the host's, in place of the ids-only one").hasSize(2);
        JsonNode chat = got.json().path("chat");
        assertThat(chat.path("members")).extracting(m -> m.path("external_id").asText() + " " + m.path("bot").asBoolean())
                .containsExactlyInAnyOrder(anna + " false", bot + " true");
        assertThat(chat.path("kind").asText()).isEqualTo("direct");
        assertThat(http.get("/api/v1/server/chats/0", key).status()).isEqualTo(404);

        long question = post(key, support, anna, "q1", "Where is my order?").json().path("message").path("seq").asLong();
        Response reply = http.post("/api/v1/server/chats/" + support + "/messages", key, Map.of("sender_external_id", bot,
                "client_id", "r1", "body", "It ships today.", "reply_to_seq", question));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(reply.json().path("message").path("reply_to_seq").asLong()).isEqualTo(question);

        long team = http.post("/api/v1/server/chats", key, Map.of("kind", "group", "title", "Team", "member_external_ids",
                List.of(bot, boris))).json().path("chat").path("id").asLong();
        Response forwarded = http.post("/api/v1/server/chats/" + team + "/messages", key, Map.of("sender_external_id", bot,
                "client_id", "f1", "forward", Map.of("chat_id", support, "seq", question)));
        assertThat(forwarded.status()).as(forwarded.text()).isEqualTo(201);
        assertThat(forwarded.json().path("message").path("body").asText()).isEqualTo("Where is my order?");
        assertThat(forwarded.json().path("message").path("forwarded_from").path("seq").asLong()).isEqualTo(question);
        Response unreadable = http.post("/api/v1/server/chats/" + support + "/messages", key, Map.of("sender_external_id", anna,
                "client_id", "f2", "forward", Map.of("chat_id", team, "seq", 1)));
        assertThat(unreadable.status()).as("anna cannot read the team chat").isEqualTo(404);

        String uploads = "/api/v1/server/attachments?name=invoice.txt&uploader_external_id=";
        Response file = http.request("POST", uploads + bot, key, "invoice 42".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(file.status()).as(file.text()).isEqualTo(201);
        long fileId = file.json().path("id").asLong();
        assertThat(http.request("POST", uploads + anna, key("users"), "x".getBytes()).status()).isEqualTo(403);
        assertThat(http.request("POST", uploads + unique("ghost"), key, "x".getBytes()).status()).isEqualTo(404);
        assertThat(http.request("POST", "/api/v1/server/attachments?name=x", key, "x".getBytes()).status()).isEqualTo(400);
        Response notBorisFile = http.post("/api/v1/server/chats/" + team + "/messages", key, Map.of("sender_external_id", boris,
                "client_id", "a0", "attachment_ids", List.of(fileId)));
        assertThat(notBorisFile.status()).as("a file is sent by the user it was uploaded for").isEqualTo(400);
        try (WsClient annaSocket = socket(anna)) {
            annaSocket.next("connected");
            Response sent = http.post("/api/v1/server/chats/" + support + "/messages", key, Map.of("sender_external_id", bot,
                    "client_id", "a1", "body", "Your invoice", "attachment_ids", List.of(fileId)));
            assertThat(sent.status()).as(sent.text()).isEqualTo(201);
            JsonNode attachment = annaSocket.next("new_message").path("message").path("attachments").get(0);
            assertThat(attachment.path("name").asText()).isEqualTo("invoice.txt");
            assertThat(http.get(attachment.path("url").asText(), null).text()).isEqualTo("invoice 42");
        }
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_and_delivers_nothing_again() {
        String key = key("users", "chats", "messages");
        String anna = unique("anna");
        String bot = unique("bot");
        putUser(key, anna, Map.of("display_name", "Anna"));
        putUser(key, bot, Map.of("display_name", "Bot", "bot", true));
        long chat = directChat(key, anna, bot);
        try (WsClient socket = socket(anna)) {
            socket.next("connected");
            Response first = post(key, chat, bot, "same", "Hello");
            Response repeat = post(key, chat, bot, "same", "Hello");
            assertThat(first.status()).isEqualTo(201);
            assertThat(repeat.status()).isEqualTo(200);
            assertThat(repeat.json().path("message")).isEqualTo(first.json().path("message"));
            post(key, chat, bot, "next", "Second");
            assertThat(socket.next("new_message").path("message").path("client_id").asText()).isEqualTo("same");
            assertThat(socket.next("new_message").path("message").path("client_id").asText()).isEqualTo("next");
        }
    }

    @Test
    void a_user_put_by_the_host_is_the_user_its_token_signs_in_as_and_carries_external_id_and_bot() {
        String key = key("users");
        String subject = unique("shop");
        Response created = http.request("PUT", "/api/v1/server/users/" + subject, key, Map.of("display_name", "Vera",
                "avatar_url", "https://shop.example/vera.png", "metadata", Map.of("tier", "gold")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode user = created.json().path("user");
        assertThat(user.path("external_id").asText()).isEqualTo(subject);
        assertThat(user.path("metadata").path("tier").asText()).isEqualTo("gold");
        JsonNode me = http.get("/api/v1/users/me", hostToken(subject)).json();
        assertThat(me.path("id").asLong()).isEqualTo(user.path("id").asLong());
        assertThat(me.path("external_id").asText()).isEqualTo(subject);
        assertThat(me.path("avatar_url").asText()).isEqualTo("https://shop.example/vera.png");
        assertThat(me.path("bot").asBoolean(true)).isFalse();
        assertThat(me.has("metadata")).as("metadata is the host's, not other users'").isFalse();

        Response replaced = http.request("PUT", "/api/v1/server/users/" + subject, key, Map.of("display_name", "Vera K.", "bot", true));
        assertThat(replaced.status()).isEqualTo(200);
        JsonNode fetched = http.get("/api/v1/server/users/" + subject, key).json().path("user");
        assertThat(fetched.path("display_name").asText()).isEqualTo("Vera K.");
        assertThat(fetched.path("bot").asBoolean()).isTrue();
        assertThat(fetched.path("avatar_url").isNull()).as("a PUT replaces the whole profile").isTrue();
    }

    @Test
    void a_user_who_signed_in_with_a_host_token_first_is_updated_not_duplicated() {
        String subject = unique("early");
        long signedIn = http.get("/api/v1/users/me", hostToken(subject)).json().path("id").asLong();
        Response put = http.request("PUT", "/api/v1/server/users/" + subject, key("users"), Map.of("display_name", "Early"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("user").path("id").asLong()).isEqualTo(signedIn);
        assertThat(http.get("/api/v1/users/" + signedIn, hostToken(subject)).json().path("display_name").asText()).isEqualTo("Early");
    }

    @Test
    void a_key_without_the_route_s_scope_gets_403() {
        String all = key("users", "chats", "messages", "moderation");
        String anna = unique("anna");
        String boris = unique("boris");
        putUser(all, anna, Map.of("display_name", "Anna"));
        putUser(all, boris, Map.of("display_name", "Boris"));
        long chat = directChat(all, anna, boris);
        long seq = post(all, chat, anna, "m1", "hi").json().path("message").path("seq").asLong();
        String usersOnly = key("users");
        String chatsOnly = key("chats");
        assertForbidden(http.request("PUT", "/api/v1/server/users/" + anna, chatsOnly, Map.of("display_name", "A")));
        assertForbidden(http.get("/api/v1/server/users/" + anna, chatsOnly));
        assertForbidden(http.post("/api/v1/server/chats", usersOnly,
                Map.of("kind", "direct", "member_external_ids", List.of(anna, boris))));
        assertForbidden(post(chatsOnly, chat, anna, "m2", "hi"));
        assertForbidden(http.delete("/api/v1/server/chats/" + chat + "/messages/" + seq, chatsOnly));
    }

    @Test
    void user_tokens_get_401_on_the_server_api_and_keys_get_401_everywhere_else() {
        String key = key("users", "chats", "messages");
        String subject = unique("user");
        HttpApi.User local = http.register("local");
        for (String userToken : List.of(hostToken(subject), local.token(), ADMIN)) {
            Response refused = http.get("/api/v1/server/users/" + subject, userToken);
            assertThat(refused.status()).as(refused.text()).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("unauthorized");
        }
        assertThat(http.get("/api/v1/server/users/" + subject, null).status()).isEqualTo(401);
        Response asUser = http.get("/api/v1/users/me", key);
        assertThat(asUser.status()).as(asUser.text()).isEqualTo(401);
        assertThat(http.post("/api/v1/ws-ticket", key, null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/chats", key).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/admin/keys", key).status()).isEqualTo(403);
        assertThatThrownByUpgrade(key);
    }

    @Test
    void a_revoked_key_is_refused_by_the_next_call() {
        Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "short-lived", "scopes", List.of("users")));
        String key = created.json().path("key").asText();
        String subject = unique("rev");
        assertThat(putUser(key, subject, Map.of("display_name", "R")).path("id").asLong()).isPositive();
        assertThat(http.delete("/api/v1/admin/keys/" + created.json().path("id").asLong(), ADMIN).status()).isEqualTo(204);
        Response refused = http.get("/api/v1/server/users/" + subject, key);
        assertThat(refused.status()).as(refused.text()).isEqualTo(401);
        assertThat(http.delete("/api/v1/admin/keys/" + created.json().path("id").asLong(), ADMIN).status()).isEqualTo(404);
    }

    @Test
    void keys_are_listed_without_the_key_and_with_their_last_use() {
        Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "listed", "scopes", List.of("chats", "users")));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("key").asText();
        assertThat(key).startsWith("vsk_").hasSizeGreaterThanOrEqualTo(4 + 43);
        http.get("/api/v1/server/users/" + unique("nobody"), key);
        JsonNode listed = entry(http.get("/api/v1/admin/keys", ADMIN).json(), created.json().path("id").asLong());
        assertThat(listed.path("name").asText()).isEqualTo("listed");
        assertThat(listed.path("scopes")).extracting(JsonNode::asText).containsExactly("users", "chats");
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.path("created_at").asText()).isNotEmpty();
        assertThat(listed.path("last_used_at").isNull()).isFalse();
        assertThat(http.get("/api/v1/admin/keys", key("users")).status()).isEqualTo(403);
    }

    @Test
    void bad_input_is_refused_with_400_and_unknown_ids_with_404() {
        String key = key("users", "chats", "messages");
        Response unknownScope = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "x", "scopes", List.of("users", "root")));
        assertThat(unknownScope.status()).isEqualTo(400);
        assertThat(unknownScope.json().path("message").asText()).contains("root");
        String subject = unique("bad");
        assertThat(http.request("PUT", "/api/v1/server/users/" + subject, key, Map.of("display_name", "")).status()).isEqualTo(400);
        assertThat(http.request("PUT", "/api/v1/server/users/" + subject, key, Map.of("display_name", "x".repeat(101))).status()).isEqualTo(400);
        assertThat(http.request("PUT", "/api/v1/server/users/has%20space", key, Map.of("display_name", "A")).status()).isEqualTo(400);
        assertThat(http.request("PUT", "/api/v1/server/users/" + subject, key,
                Map.of("display_name", "A", "avatar_url", "javascript:alert(1)")).status()).isEqualTo(400);
        assertThat(http.request("PUT", "/api/v1/server/users/" + subject, key,
                Map.of("display_name", "A", "metadata", Map.of("blob", "x".repeat(5000)))).status()).isEqualTo(400);
        assertThat(http.request("PUT", "/api/v1/server/users/" + subject, key, Map.of("display_name", "A", "metadata", List.of(1)))
                .status()).isEqualTo(400);
        assertThat(http.get("/api/v1/server/users/" + subject, key).status()).isEqualTo(404);
        putUser(key, subject, Map.of("display_name", "Known"));
        Response unknownMember = http.post("/api/v1/server/chats", key,
                Map.of("kind", "direct", "member_external_ids", List.of(subject, unique("ghost"))));
        assertThat(unknownMember.status()).isEqualTo(404);
        assertThat(unknownMember.json().path("message").asText()).contains("ghost");
    }

    @Test
    void only_members_are_posted_as_and_only_bots_join_a_direct_chat() {
        String key = key("users", "chats", "messages");
        String anna = unique("anna");
        String boris = unique("boris");
        String carol = unique("carol");
        for (String user : List.of(anna, boris, carol)) putUser(key, user, Map.of("display_name", user));
        long chat = directChat(key, anna, boris);
        Response outsider = post(key, chat, carol, "c1", "let me in");
        assertThat(outsider.status()).as(outsider.text()).isEqualTo(403);
        Response joined = http.post("/api/v1/server/chats/" + chat + "/members", key, Map.of("external_id", carol));
        assertThat(joined.status()).as(joined.text()).isEqualTo(409);
        assertThat(post(key, 0, anna, "c2", "nowhere").status()).isEqualTo(404);
    }

    @Test
    void the_host_adds_and_removes_group_members_and_moderates_any_message() {
        String key = key("users", "chats", "messages", "moderation");
        String owner = unique("owner");
        String member = unique("member");
        String late = unique("late");
        for (String user : List.of(owner, member, late)) putUser(key, user, Map.of("display_name", user));
        Response group = http.post("/api/v1/server/chats", key,
                Map.of("kind", "group", "title", "Club", "member_external_ids", List.of(owner, member)));
        assertThat(group.status()).isEqualTo(201);
        long chat = group.json().path("chat").path("id").asLong();
        Response added = http.post("/api/v1/server/chats/" + chat + "/members", key, Map.of("external_id", late));
        assertThat(added.json().path("chat").path("members")).hasSize(3);
        long seq = post(key, chat, late, "l1", "spam").json().path("message").path("seq").asLong();
        try (WsClient ownerSocket = socket(owner)) {
            ownerSocket.next("connected");
            assertThat(http.delete("/api/v1/server/chats/" + chat + "/messages/" + seq, key).status()).isEqualTo(204);
            assertThat(ownerSocket.next("message_deleted").path("seq").asLong()).isEqualTo(seq);
            assertThat(http.delete("/api/v1/server/chats/" + chat + "/members/" + late, key).status()).isEqualTo(204);
            assertThat(ownerSocket.next("chat_updated").path("chat").path("members")).hasSize(2);
        }
        assertThat(http.delete("/api/v1/server/chats/" + chat + "/messages/" + seq, key).status()).isEqualTo(404);
    }

    @Test
    void server_calls_carry_the_rate_limit_headers_of_their_key() {
        Response r = http.get("/api/v1/server/users/" + unique("any"), key("users"));
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo(7000);
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(6999);
    }

    private static void assertForbidden(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("forbidden");
    }

    private static void assertThatThrownByUpgrade(String key) {
        try (WsClient ws = WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + key))) {
            throw new AssertionError("a key opened a user's WebSocket: " + ws.next("connected"));
        } catch (IllegalStateException refused) {
            assertThat(refused.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }

    static String key(String... scopes) {
        Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "test", "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    private static JsonNode putUser(String key, String externalId, Map<String, Object> profile) {
        Response put = http.request("PUT", "/api/v1/server/users/" + externalId, key, profile);
        assertThat(put.status()).as(put.text()).isIn(200, 201);
        return put.json().path("user");
    }

    private static long directChat(String key, String a, String b) {
        Response opened = http.post("/api/v1/server/chats", key, Map.of("kind", "direct", "member_external_ids", List.of(a, b)));
        assertThat(opened.status()).as(opened.text()).isIn(200, 201);
        return opened.json().path("chat").path("id").asLong();
    }

    private static Response post(String key, long chat, String sender, String clientId, String body) {
        return http.post("/api/v1/server/chats/" + chat + "/messages", key,
                Map.of("sender_external_id", sender, "client_id", clientId, "body", body));
    }

    private static WsClient socket(String externalId) {
        return WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + hostToken(externalId)));
    }

    private static String hostToken(String subject) {
        return HostJwt.hs256(HOST_SECRET, subject, null, null);
    }

    private static JsonNode entry(JsonNode list, long id) {
        for (JsonNode key : list.path("keys")) {
            if (key.path("id").asLong() == id) return key;
        }
        throw new AssertionError("key " + id + " not listed in " + list);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
