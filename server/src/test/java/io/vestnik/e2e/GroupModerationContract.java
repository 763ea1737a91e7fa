package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14, a group's own moderation over real HTTP and WebSocket: who may do what (docs/api.md),
 * an admin's removal reaching every member, mutes refused with a clear error and nothing stored,
 * bans unsubscribing live connections and keeping the user out, slow mode, and reports reaching the
 * server API and a real webhook receiver. Run once per storage engine.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class GroupModerationContract {
    static final String ADMIN = "group-moderation-admin-token-0123456789";
    static TestNode node;
    static HttpApi http;
    static String key;

    static void startNode(TestNode.Storage storage) {
        node = TestNode.start(storage, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_WEBHOOKS_ALLOW_PRIVATE", "true",
                "VESTNIK_WEBHOOK_RETRY_BASE", "50ms", "VESTNIK_WEBHOOK_RETRY_MAX", "300ms"));
        http = node.http();
        key = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "moderator", "scopes",
                List.of("chats", "moderation", "webhooks"))).json().path("key").asText();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** A group of {@code people}, the first its owner. */
    private static long group(User... people) {
        List<Long> others = java.util.Arrays.stream(people).skip(1).map(User::id).toList();
        Response created = http.post("/api/v1/chats", people[0].token(), Map.of("kind", "group", "title", "Club", "member_ids", others));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("chat").path("id").asLong();
    }

    private static String member(long chat, User user) {
        return "/api/v1/chats/" + chat + "/members/" + user.id();
    }

    private static Response put(String path, User caller, Object body) {
        return http.request("PUT", path, caller.token(), body);
    }

    private static void promote(long chat, User owner, User admin) {
        assertThat(put(member(chat, admin) + "/role", owner, Map.of("role", "admin")).status()).isEqualTo(200);
    }

    private static String roleOf(Response chat, User user) {
        for (JsonNode m : chat.json().path("chat").path("members")) {
            if (m.path("user_id").asLong() == user.id()) return m.path("role").asText();
        }
        return null;
    }

    @Test
    void who_may_do_what_follows_the_roles_table() {
        User owner = http.register("owner");
        User admin = http.register("admin");
        User other = http.register("admin2");
        User member = http.register("member");
        User outsider = http.register("outsider");
        long chat = group(owner, admin, other, member);
        assertThat(put(member(chat, admin) + "/role", member, Map.of("role", "admin")).status()).as("a member").isEqualTo(403);
        Response promoted = put(member(chat, admin) + "/role", owner, Map.of("role", "admin"));
        assertThat(roleOf(promoted, admin)).isEqualTo("admin");
        promote(chat, owner, other);
        assertThat(put(member(chat, member) + "/role", admin, Map.of("role", "admin")).status()).as("roles are the owner's").isEqualTo(403);
        assertThat(put(member(chat, member) + "/mute", admin, Map.of()).status()).isEqualTo(200);
        assertThat(put(member(chat, owner) + "/mute", admin, Map.of()).status()).as("an admin on the owner").isEqualTo(403);
        assertThat(put(member(chat, other) + "/mute", admin, Map.of()).status()).as("an admin on an admin").isEqualTo(403);
        assertThat(put(member(chat, other) + "/ban", admin, Map.of()).status()).as("an admin on an admin").isEqualTo(403);
        assertThat(put(member(chat, other) + "/mute", owner, Map.of()).status()).as("the owner on an admin").isEqualTo(200);
        assertThat(http.delete(member(chat, other) + "/mute", owner.token()).status()).isEqualTo(204);
        assertThat(put(member(chat, admin) + "/mute", member, Map.of()).status()).as("a member").isEqualTo(403);
        assertThat(put(member(chat, member) + "/mute", outsider, Map.of()).status()).as("an outsider").isEqualTo(404);
        assertThat(put(member(chat, outsider) + "/mute", owner, Map.of()).status()).as("not a member").isEqualTo(404);
        assertThat(put(member(chat, member) + "/role", owner, Map.of("role", "king")).status()).isEqualTo(400);
        assertThat(put(member(chat, member) + "/mute", owner, Map.of("until", Instant.now().minusSeconds(1).toString())).status())
                .isEqualTo(400);
        assertThat(put(member(chat, admin) + "/mute", admin, Map.of()).status()).as("on oneself").isEqualTo(400);

        Response handed = put(member(chat, admin) + "/role", owner, Map.of("role", "owner"));
        assertThat(handed.status()).as(handed.text()).isEqualTo(200);
        assertThat(roleOf(handed, admin)).isEqualTo("owner");
        assertThat(roleOf(handed, owner)).isEqualTo("admin");
        assertThat(put(member(chat, admin) + "/mute", owner, Map.of()).status()).as("the former owner on the new one").isEqualTo(403);

        long direct = http.directChat(owner, member);
        Response inDirect = put(member(direct, member) + "/mute", owner, Map.of());
        assertThat(inDirect.status()).as("a direct chat has no moderation").isEqualTo(409);
        assertThat(inDirect.json().path("message").asText()).contains("no roles or moderation");
        assertThat(put(member(direct, member) + "/role", owner, Map.of("role", "admin")).status()).isEqualTo(409);
    }

    @Test
    void an_admins_removal_reaches_every_member_as_message_deleted_with_who_removed_it() {
        User owner = http.register("owner");
        User admin = http.register("admin");
        User member = http.register("member");
        User reader = http.register("reader");
        long chat = group(owner, admin, member, reader);
        promote(chat, owner, admin);
        long ownersSeq = http.send(owner, chat, "o1", "from the owner").path("seq").asLong();
        long seq = http.send(member, chat, "m1", "spam spam").path("seq").asLong();
        try (WsClient readerSocket = WsClient.connect(node, reader)) {
            readerSocket.next("connected");
            assertThat(http.delete("/api/v1/chats/" + chat + "/messages/" + ownersSeq, admin.token()).status())
                    .as("an admin may not remove the owner's message").isEqualTo(403);
            assertThat(http.delete("/api/v1/chats/" + chat + "/messages/" + ownersSeq, member.token()).status()).isEqualTo(403);
            assertThat(http.delete("/api/v1/chats/" + chat + "/messages/" + seq, admin.token()).status()).isEqualTo(204);
            JsonNode deleted = readerSocket.next("message_deleted");
            assertThat(deleted.path("seq").asLong()).isEqualTo(seq);
            assertThat(deleted.path("deleted_by").asLong()).isEqualTo(admin.id());
        }
        JsonNode history = http.get("/api/v1/chats/" + chat + "/messages", reader.token()).json().path("messages");
        assertThat(history.get(1).path("deleted").asBoolean()).isTrue();
        assertThat(history.get(1).path("body").asText()).isEmpty();
    }

    @Test
    void a_muted_member_is_refused_with_a_clear_error_stores_nothing_and_members_hear_of_it() {
        User owner = http.register("owner");
        User member = http.register("member");
        User reader = http.register("reader");
        long chat = group(owner, member, reader);
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (WsClient readerSocket = WsClient.connect(node, reader); WsClient memberSocket = WsClient.connect(node, member)) {
            readerSocket.next("connected");
            memberSocket.next("connected");
            Response muted = put(member(chat, member) + "/mute", owner, Map.of("until", until.toString()));
            assertThat(muted.json().path("mute").path("until").asText()).isEqualTo(until.toString());
            JsonNode heard = readerSocket.next("member_muted");
            assertThat(heard.path("user_id").asLong()).isEqualTo(member.id());
            assertThat(heard.path("muted").asBoolean()).isTrue();
            assertThat(heard.path("until").asText()).isEqualTo(until.toString());
            assertThat(heard.path("change").asLong()).as("a change of the chat's change log, replayed on resume").isPositive();
            Response refused = http.post("/api/v1/chats/" + chat + "/messages", member.token(), Map.of("client_id", "m1", "body", "hi"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.error()).isEqualTo("muted");
            assertThat(Instant.parse(refused.json().path("until").asText())).isEqualTo(until);
            memberSocket.send(Map.of("type", "send", "chat_id", chat, "client_id", "m2", "body", "hi"));
            assertThat(memberSocket.next("error").path("error").asText()).isEqualTo("muted");
            assertThat(http.get("/api/v1/chats/" + chat + "/messages", member.token()).json().path("messages")).isEmpty();
            assertThat(http.delete(member(chat, member) + "/mute", owner.token()).status()).isEqualTo(204);
            assertThat(readerSocket.next("member_muted").path("muted").asBoolean()).isFalse();
        }
        assertThat(http.send(member, chat, "m3", "free again").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void a_ban_unsubscribes_live_connections_and_keeps_the_user_out_until_lifted() {
        User owner = http.register("owner");
        User admin = http.register("admin");
        User banned = http.register("banned");
        long chat = group(owner, admin, banned);
        promote(chat, owner, admin);
        long direct = http.directChat(owner, banned);
        try (WsClient socket = WsClient.connect(node, banned)) {
            socket.next("connected");
            http.send(owner, chat, "g1", "before");
            assertThat(socket.next("new_message").path("message").path("client_id").asText()).isEqualTo("g1");
            Response ban = put(member(chat, banned) + "/ban", admin, Map.of());
            assertThat(ban.status()).as(ban.text()).isEqualTo(200);
            assertThat(ban.json().path("ban").path("until").isNull()).isTrue();
            JsonNode left = socket.next("chat_updated");
            assertThat(left.path("chat").path("members").findValuesAsText("user_id")).doesNotContain(Long.toString(banned.id()));
            http.send(owner, chat, "g2", "after");
            http.send(owner, direct, "d1", "elsewhere");
            assertThat(socket.next("new_message").path("message").path("client_id").asText())
                    .as("the group's message after the ban never reached the banned user").isEqualTo("d1");
        }
        assertThat(http.get("/api/v1/chats/" + chat, banned.token()).status()).isEqualTo(404);
        Response readd = http.post("/api/v1/chats/" + chat + "/members", owner.token(), Map.of("user_id", banned.id()));
        assertThat(readd.status()).isEqualTo(403);
        assertThat(readd.error()).isEqualTo("banned");
        assertThat(put(member(chat, banned) + "/ban", admin, Map.of()).status()).as("a repeated ban").isEqualTo(200);
        assertThat(http.delete(member(chat, banned) + "/ban", admin.token()).status()).isEqualTo(204);
        assertThat(http.delete(member(chat, banned) + "/ban", admin.token()).status()).as("idempotent").isEqualTo(204);
        assertThat(http.post("/api/v1/chats/" + chat + "/members", owner.token(), Map.of("user_id", banned.id())).status())
                .isEqualTo(200);
    }

    @Test
    void slow_mode_refuses_a_members_second_send_within_the_interval_and_exempts_moderators() {
        User owner = http.register("owner");
        User member = http.register("member");
        long chat = group(owner, member);
        assertThat(put("/api/v1/chats/" + chat + "/slow_mode", member, Map.of("seconds", 30)).status()).isEqualTo(403);
        assertThat(put("/api/v1/chats/" + chat + "/slow_mode", owner, Map.of("seconds", 3601)).status()).isEqualTo(400);
        try (WsClient socket = WsClient.connect(node, member)) {
            socket.next("connected");
            Response set = put("/api/v1/chats/" + chat + "/slow_mode", owner, Map.of("seconds", 30));
            assertThat(set.json().path("chat").path("slow_mode_seconds").asInt()).isEqualTo(30);
            assertThat(socket.next("chat_updated").path("chat").path("slow_mode_seconds").asInt()).isEqualTo(30);
            http.send(member, chat, "m1", "first");
            Response second = http.post("/api/v1/chats/" + chat + "/messages", member.token(), Map.of("client_id", "m2", "body", "again"));
            assertThat(second.status()).as(second.text()).isEqualTo(429);
            assertThat(second.error()).isEqualTo("slow_mode");
            assertThat(second.json().path("retry_after").asInt()).isBetween(1, 30);
            assertThat(second.header("Retry-After")).isBetween(1L, 30L);
            socket.send(Map.of("type", "send", "chat_id", chat, "client_id", "m3", "body", "and again"));
            JsonNode error = socket.next("error");
            assertThat(error.path("error").asText()).isEqualTo("slow_mode");
            assertThat(error.path("retry_after").asInt()).isBetween(1, 30);
        }
        http.send(owner, chat, "o1", "the owner is exempt");
        http.send(owner, chat, "o2", "twice");
        assertThat(http.get("/api/v1/chats/" + chat + "/messages", owner.token()).json().path("messages").findValuesAsText("client_id"))
                .containsExactly("m1", "o1", "o2");
    }

    @Test
    void a_report_is_stored_once_listed_in_the_server_api_resolved_and_sent_to_the_webhook() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Response hook = http.post("/api/v1/server/webhooks", key, Map.of("url", receiver.url(), "events", List.of("message.reported")));
            assertThat(hook.status()).as(hook.text()).isEqualTo(201);
            User owner = http.register("owner");
            User reporter = http.register("reporter");
            long chat = group(owner, reporter);
            long seq = http.send(owner, chat, UUID.randomUUID().toString(), "buy cheap watches").path("seq").asLong();
            String path = "/api/v1/chats/" + chat + "/messages/" + seq + "/reports";
            assertThat(http.post(path, reporter.token(), Map.of("reason", "rude")).status()).isEqualTo(400);
            assertThat(http.post(path, owner.token(), Map.of("reason", "spam")).status()).as("one's own message").isEqualTo(400);
            Response filed = http.post(path, reporter.token(), Map.of("reason", "spam", "comment", "a bot"));
            assertThat(filed.status()).as(filed.text()).isEqualTo(201);
            long id = filed.json().path("report").path("id").asLong();
            Response again = http.post(path, reporter.token(), Map.of("reason", "other"));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("report").path("id").asLong()).isEqualTo(id);

            JsonNode open = http.get("/api/v1/server/reports?limit=200", key).json().path("reports");
            JsonNode listed = null;
            for (JsonNode r : open) if (r.path("id").asLong() == id) listed = r;
            assertThat(listed).as("the open report is listed").isNotNull();
            assertThat(listed.path("body").asText()).isEqualTo("buy cheap watches");
            assertThat(listed.path("reporter_id").asLong()).isEqualTo(reporter.id());
            Response resolved = http.post("/api/v1/server/reports/" + id + "/resolve", key, Map.of("resolution", "actioned"));
            assertThat(resolved.json().path("report").path("status").asText()).isEqualTo("resolved");
            assertThat(http.get("/api/v1/server/reports?status=resolved&cursor=" + (id - 1), key).json().path("reports").get(0)
                    .path("id").asLong()).isEqualTo(id);

            Await.until("the report's webhook arrives", Duration.ofSeconds(20),
                    () -> !WebhookChecks.firstAcknowledged(receiver.deliveries()).isEmpty());
            List<JsonNode> events = WebhookChecks.firstAcknowledged(receiver.deliveries());
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().path("type").asText()).isEqualTo("message.reported");
            assertThat(events.getFirst().path("data").path("report").path("id").asLong()).isEqualTo(id);
            http.delete("/api/v1/server/webhooks/" + hook.json().path("id").asLong(), key);
        }
    }
}
