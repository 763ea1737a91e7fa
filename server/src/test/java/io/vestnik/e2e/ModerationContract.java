package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11, moderation through the server API: a muted member (one chat) or a blocked user (every
 * chat) is refused every send — WebSocket, HTTP, server API in their name — and every reaction, with 403 and when it
 * ends, nothing stored or delivered, their reading untouched; a removed member stops receiving the
 * chat. Run once per storage engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ModerationContract {
    static final String ADMIN = "moderation-admin-token-0123456789";
    static final String HOST_SECRET = "moderation-host-secret-0123456789-abcdef";
    static TestNode node;
    static HttpApi http;
    static String key;

    static void startNode(TestNode.Storage storage) {
        node = TestNode.start(storage, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
        http = node.http();
        key = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "moderator", "scopes",
                List.of("users", "chats", "messages", "moderation"))).json().path("key").asText();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void a_muted_member_is_refused_on_every_send_path_and_changes_nothing_but_still_reads() {
        String anna = person("anna");
        String boris = person("boris");
        long chat = chat("direct", anna, boris);
        Response muted = mute(chat, boris, Map.of());
        assertThat(muted.status()).as(muted.text()).isEqualTo(200);
        assertThat(muted.json().path("mute").path("until").isNull()).isTrue();
        try (WsClient borisSocket = socket(boris); WsClient annaSocket = socket(anna)) {
            borisSocket.next("connected");
            annaSocket.next("connected");
            assertRefused(userSend(boris, chat, "b1"), "muted", null);
            assertRefused(hostSend(boris, chat, "b2"), "muted", null);
            borisSocket.send(Map.of("type", "send", "chat_id", chat, "client_id", "b3", "body", "over the socket"));
            JsonNode error = borisSocket.next("error");
            assertThat(error.path("error").asText()).isEqualTo("muted");
            assertThat(error.path("client_id").asText()).isEqualTo("b3");
            assertThat(error.has("until")).as("a mute until lifted names no end").isFalse();

            assertThat(hostSend(anna, chat, "a1").status()).isEqualTo(201);
            assertThat(annaSocket.next("new_message").path("message").path("seq").asLong())
                    .as("none of the refused sends took a seq or reached anyone").isEqualTo(1);
            assertThat(borisSocket.next("new_message").path("message").path("client_id").asText()).isEqualTo("a1");
            assertRefused(http.post("/api/v1/chats/" + chat + "/messages", token(boris),
                    Map.of("client_id", "b-reply", "body", "a reply", "reply_to_seq", 1)), "muted", null);
            assertThat(http.get("/api/v1/chats/" + chat + "/messages", token(boris)).json().path("messages")).hasSize(1);
            assertThat(http.post("/api/v1/chats/" + chat + "/read", token(boris), Map.of("seq", 1)).status()).isEqualTo(200);
        }
        assertThat(http.delete(mutePath(chat, boris), key).status()).isEqualTo(204);
        assertThat(http.delete(mutePath(chat, boris), key).status()).as("unmuting is idempotent").isEqualTo(204);
        assertThat(userSend(boris, chat, "b4").json().path("message").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void a_mute_is_per_chat_and_one_with_an_end_says_when_and_lifts_itself() {
        String anna = person("anna");
        String boris = person("boris");
        String carol = person("carol");
        long muted = chat("direct", anna, boris);
        long other = chat("direct", boris, carol);
        Instant until = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        assertThat(mute(muted, boris, Map.of("until", until.toString())).json().path("mute").path("until").asText())
                .isEqualTo(until.toString());
        assertRefused(userSend(boris, muted, "b1"), "muted", until);
        assertThat(userSend(boris, other, "b2").status()).as("the mute holds in its chat only").isEqualTo(201);
        Await.until("the mute ends by itself", Duration.ofSeconds(10), () -> userSend(boris, muted, "b3").status() == 201);
    }

    @Test
    void a_blocked_user_is_refused_in_every_chat_until_unblocked() {
        String anna = person("anna");
        String boris = person("boris");
        long direct = chat("direct", anna, boris);
        long group = chat("group", anna, boris);
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        Response blocked = http.request("PUT", blockPath(boris), key, Map.of("until", until.toString()));
        assertThat(blocked.status()).as(blocked.text()).isEqualTo(200);
        assertThat(blocked.json().path("block").path("external_id").asText()).isEqualTo(boris);
        assertRefused(userSend(boris, direct, "b1"), "blocked", until);
        assertRefused(hostSend(boris, group, "b2"), "blocked", until);
        assertThat(hostSend(anna, group, "a1").status()).as("others still send").isEqualTo(201);
        assertThat(http.get("/api/v1/chats/" + group + "/messages", token(boris)).json().path("messages")).hasSize(1);
        assertThat(http.delete(blockPath(boris), key).status()).isEqualTo(204);
        assertThat(userSend(boris, direct, "b3").status()).isEqualTo(201);
        assertThat(hostSend(boris, group, "b4").json().path("message").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void a_muted_or_blocked_member_cannot_react_but_others_can() {
        String anna = person("anna");
        String boris = person("boris");
        long chat = chat("direct", anna, boris);
        long seq = userSend(anna, chat, "a1").json().path("message").path("seq").asLong();
        String thumbs = "/api/v1/chats/" + chat + "/messages/" + seq + "/reactions/%F0%9F%91%8D";
        mute(chat, boris, Map.of());
        assertRefused(http.request("PUT", thumbs, token(boris), null), "muted", null);
        assertThat(http.request("PUT", thumbs, token(anna), null).json().path("reactions").get(0).path("count").asInt())
                .as("the refused reaction was not stored").isEqualTo(1);
        assertThat(http.delete(mutePath(chat, boris), key).status()).isEqualTo(204);
        assertThat(http.request("PUT", blockPath(boris), key, Map.of()).status()).isEqualTo(200);
        assertRefused(http.request("PUT", thumbs, token(boris), null), "blocked", null);
        assertThat(http.delete(blockPath(boris), key).status()).isEqualTo(204);
        assertThat(http.request("PUT", thumbs, token(boris), null).json().path("reactions").get(0).path("count").asInt())
                .isEqualTo(2);
    }

    @Test
    void a_retry_of_a_message_sent_before_the_mute_still_answers_with_that_message() {
        String anna = person("anna");
        String boris = person("boris");
        long chat = chat("direct", anna, boris);
        Response first = userSend(boris, chat, "before");
        mute(chat, boris, Map.of());
        Response retry = userSend(boris, chat, "before");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("message")).isEqualTo(first.json().path("message"));
    }

    @Test
    void bad_moderation_calls_are_refused_and_change_nothing() {
        String anna = person("anna");
        String boris = person("boris");
        String outsider = person("carol");
        long chat = chat("direct", anna, boris);
        assertThat(mute(chat, boris, Map.of("until", Instant.now().minusSeconds(5).toString())).status()).isEqualTo(400);
        assertThat(mute(chat, boris, Map.of("until", "tomorrow")).status()).isEqualTo(400);
        assertThat(mute(chat, outsider, Map.of()).status()).as("not a member").isEqualTo(404);
        assertThat(mute(chat, "nobody-" + UUID.randomUUID(), Map.of()).status()).isEqualTo(404);
        assertThat(mute(0, boris, Map.of()).status()).isEqualTo(404);
        assertThat(http.request("PUT", blockPath(boris), key, Map.of("until", Instant.now().minusSeconds(5).toString())).status())
                .isEqualTo(400);
        String noModeration = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "no-moderation", "scopes",
                List.of("users", "chats", "messages"))).json().path("key").asText();
        assertThat(http.request("PUT", mutePath(chat, boris), noModeration, Map.of()).status()).isEqualTo(403);
        assertThat(http.request("PUT", blockPath(boris), noModeration, Map.of()).status()).isEqualTo(403);
        assertThat(http.request("PUT", blockPath(boris), token(anna), Map.of()).status()).isEqualTo(401);
        assertThat(userSend(boris, chat, "still-free").status()).as("nothing above restricted boris").isEqualTo(201);
    }

    @Test
    void a_member_the_host_removes_stops_receiving_the_chat_at_once() {
        String anna = person("anna");
        String boris = person("boris");
        long group = chat("group", anna, boris);
        long direct = chat("direct", anna, boris);
        try (WsClient borisSocket = socket(boris)) {
            borisSocket.next("connected");
            hostSend(anna, group, "g1");
            assertThat(borisSocket.next("new_message").path("message").path("client_id").asText()).isEqualTo("g1");
            assertThat(http.delete("/api/v1/server/chats/" + group + "/members/" + boris, key).status()).isEqualTo(204);
            hostSend(anna, group, "g2");
            hostSend(anna, direct, "d1");
            assertThat(borisSocket.next("new_message").path("message").path("client_id").asText())
                    .as("the group's message after the removal never reached boris").isEqualTo("d1");
            assertThat(http.get("/api/v1/chats/" + group + "/messages", token(boris)).status()).isEqualTo(404);
        }
    }

    @Test
    void a_host_lifts_a_ban_a_groups_moderators_set_and_may_then_add_the_user() {
        String anna = person("anna");
        String boris = person("boris");
        long group = chat("group", anna, boris);
        long borisId = http.get("/api/v1/users/me", token(boris)).json().path("id").asLong();
        assertThat(http.request("PUT", "/api/v1/chats/" + group + "/members/" + borisId + "/ban", token(anna), Map.of()).status())
                .isEqualTo(200);
        Response refused = http.post("/api/v1/server/chats/" + group + "/members", key, Map.of("external_id", boris));
        assertThat(refused.status()).as("the ban holds against the host's add too").isEqualTo(403);
        assertThat(refused.error()).isEqualTo("banned");
        assertThat(http.delete("/api/v1/server/chats/" + group + "/members/" + boris + "/ban", key).status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/server/chats/" + group + "/members/" + boris + "/ban", key).status()).isEqualTo(204);
        assertThat(http.post("/api/v1/server/chats/" + group + "/members", key, Map.of("external_id", boris)).status()).isEqualTo(200);
    }

    private static void assertRefused(Response response, String code, Instant until) {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(response.error()).isEqualTo(code);
        if (until == null) assertThat(response.json().has("until")).isFalse();
        else assertThat(Instant.parse(response.json().path("until").asText())).isEqualTo(until);
    }

    private static Response mute(long chat, String externalId, Map<String, Object> body) {
        return http.request("PUT", mutePath(chat, externalId), key, body);
    }

    private static String mutePath(long chat, String externalId) {
        return "/api/v1/server/chats/" + chat + "/members/" + externalId + "/mute";
    }

    private static String blockPath(String externalId) {
        return "/api/v1/server/users/" + externalId + "/block";
    }

    private static Response userSend(String externalId, long chat, String clientId) {
        return http.post("/api/v1/chats/" + chat + "/messages", token(externalId), Map.of("client_id", clientId, "body", "hello"));
    }

    private static Response hostSend(String externalId, long chat, String clientId) {
        return http.post("/api/v1/server/chats/" + chat + "/messages", key,
                Map.of("sender_external_id", externalId, "client_id", clientId, "body", "hello"));
    }

    private static String person(String name) {
        String externalId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response put = http.request("PUT", "/api/v1/server/users/" + externalId, key, Map.of("display_name", name));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        return externalId;
    }

    private static long chat(String kind, String... members) {
        Map<String, Object> body = kind.equals("group")
                ? Map.of("kind", kind, "title", "Club", "member_external_ids", List.of(members))
                : Map.of("kind", kind, "member_external_ids", List.of(members));
        Response created = http.post("/api/v1/server/chats", key, body);
        assertThat(created.status()).as(created.text()).isIn(200, 201);
        return created.json().path("chat").path("id").asLong();
    }

    private static WsClient socket(String externalId) {
        return WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + token(externalId)));
    }

    private static String token(String externalId) {
        return HostJwt.hs256(HOST_SECRET, externalId, null, null);
    }
}
