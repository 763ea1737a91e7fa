package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.TwoNodes;
import io.vestnik.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: a mute or block set through one node holds for the next send through the other, and
 * lifting it there frees the next send here (the append reads them in its own transaction; no
 * node keeps a copy).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ModerationAcrossNodesTest {
    static final String ADMIN = "moderation-nodes-admin-token-0123456789";
    static final String HOST_SECRET = "moderation-nodes-host-secret-0123456789-abcdef";
    static TwoNodes nodes;
    static String key;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
        key = nodes.first().http().post("/api/v1/admin/keys", ADMIN, Map.of("name", "moderator", "scopes",
                List.of("users", "chats", "moderation"))).json().path("key").asText();
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void a_mute_and_a_block_set_on_one_node_refuse_the_next_send_on_the_other_until_lifted_there() {
        HttpApi first = nodes.first().http();
        HttpApi second = nodes.second().http();
        long chat = chat(first, "direct", "anna", "boris");
        String mute = "/api/v1/server/chats/" + chat + "/members/boris/mute";
        try (WsClient onSecond = socket(nodes.second(), "boris")) {
            onSecond.next("connected");
            assertThat(first.request("PUT", mute, key, Map.of()).status()).isEqualTo(200);
            onSecond.send(Map.of("type", "send", "chat_id", chat, "client_id", "m1", "body", "hi"));
            assertThat(onSecond.next("error").path("error").asText()).isEqualTo("muted");
            assertThat(second.delete(mute, key).status()).isEqualTo(204);
            assertThat(first.request("PUT", "/api/v1/server/users/boris/block", key, Map.of()).status()).isEqualTo(200);
            onSecond.send(Map.of("type", "send", "chat_id", chat, "client_id", "m2", "body", "hi"));
            assertThat(onSecond.next("error").path("error").asText()).isEqualTo("blocked");
            assertThat(second.delete("/api/v1/server/users/boris/block", key).status()).isEqualTo(204);
        }
        assertThat(first.post("/api/v1/chats/" + chat + "/messages", token("boris"), Map.of("client_id", "m3", "body", "free"))
                .json().path("message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void slow_mode_set_on_one_node_refuses_a_members_second_send_on_the_other_and_a_ban_unsubscribes_there() {
        HttpApi first = nodes.first().http();
        HttpApi second = nodes.second().http();
        long chat = chat(first, "group", "olga", "petr");
        assertThat(first.request("PUT", "/api/v1/chats/" + chat + "/slow_mode", token("olga"), Map.of("seconds", 60)).status())
                .isEqualTo(200);
        assertThat(first.post("/api/v1/chats/" + chat + "/messages", token("petr"), Map.of("client_id", "p1", "body", "one"))
                .status()).isEqualTo(201);
        var refused = second.post("/api/v1/chats/" + chat + "/messages", token("petr"), Map.of("client_id", "p2", "body", "two"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("slow_mode");
        long petr = second.get("/api/v1/users/me", token("petr")).json().path("id").asLong();
        long direct = chat(first, "direct", "olga", "petr");
        try (WsClient onSecond = socket(nodes.second(), "petr")) {
            onSecond.next("connected");
            assertThat(first.request("PUT", "/api/v1/chats/" + chat + "/members/" + petr + "/ban", token("olga"), Map.of()).status())
                    .isEqualTo(200);
            onSecond.next("chat_updated");
            first.post("/api/v1/chats/" + chat + "/messages", token("olga"), Map.of("client_id", "o1", "body", "after the ban"));
            first.post("/api/v1/chats/" + direct + "/messages", token("olga"), Map.of("client_id", "d1", "body", "elsewhere"));
            assertThat(onSecond.next("new_message").path("message").path("client_id").asText())
                    .as("the group's message after the ban never reached petr's connection on the other node").isEqualTo("d1");
        }
    }

    /** Puts the people (again: idempotent) and opens a chat of theirs through the server API. */
    private static long chat(HttpApi http, String kind, String... people) {
        for (String person : people) http.request("PUT", "/api/v1/server/users/" + person, key, Map.of("display_name", person));
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", kind, "member_external_ids", List.of(people)));
        if (kind.equals("group")) body.put("title", "Club");
        return http.post("/api/v1/server/chats", key, body).json().path("chat").path("id").asLong();
    }

    private static WsClient socket(TestNode node, String externalId) {
        return WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + token(externalId)));
    }

    private static String token(String externalId) {
        return HostJwt.hs256(HOST_SECRET, externalId, null, null);
    }
}
