package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.StreamedText;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11's done-when for streamed replies: two nodes on PostgreSQL and Redis, a bot whose
 * deltas go through both nodes by turns, and three watchers — one from the start, one that joins
 * mid-stream, one that reconnects mid-stream through the other node — all end with the text
 * storage holds, each having seen the message and then deltas contiguous by offset.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamedRepliesAcrossNodesTest {
    static final String ADMIN = "streams-nodes-admin-token-0123456789";
    static final String HOST_SECRET = "streams-nodes-host-secret-0123456789-abcdef";
    static final int DELTAS = 40;
    static PostgresDatabase database;
    static RedisServer redis;
    static TestNode first;
    static TestNode second;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create();
        redis = RedisServer.start();
        first = node("streams-1");
        second = node("streams-2");
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        redis.close();
        database.close();
    }

    @Test
    void three_watchers_on_two_nodes_end_with_the_stored_text_having_seen_contiguous_deltas() {
        String key = first.http().post("/api/v1/admin/keys", ADMIN, Map.of("name", "bot", "scopes",
                List.of("users", "chats", "messages"))).json().path("key").asText();
        for (String user : List.of("ann", "bob", "cat", "assistant")) {
            first.http().request("PUT", "/api/v1/server/users/" + user, key, Map.of("display_name", user, "bot", user.equals("assistant")));
        }
        long chat = first.http().post("/api/v1/server/chats", key, Map.of("kind", "group", "title", "Ask",
                "member_external_ids", List.of("ann", "bob", "cat", "assistant"))).json().path("chat").path("id").asLong();
        List<WsClient> sockets = new ArrayList<>();
        try {
            WsClient fromStart = open(sockets, first, "ann", "");
            WsClient reconnecting = open(sockets, first, "cat", "");
            Response started = second.http().post("/api/v1/server/chats/" + chat + "/messages", key, Map.of(
                    "sender_external_id", "assistant", "client_id", "answer-1", "body", "", "streaming", true));
            assertThat(started.status()).as(started.text()).isEqualTo(201);
            long seq = started.json().path("message").path("seq").asLong();
            reconnecting.next("new_message");

            StringBuilder sent = new StringBuilder();
            WsClient joining = null;
            WsClient reconnected = null;
            for (int n = 0; n < DELTAS; n++) {
                String text = "chunk " + n + (n % 7 == 0 ? " ✨ñ " : ", ");
                TestNode via = n % 2 == 0 ? first : second;
                Response delta = via.http().post("/api/v1/server/chats/" + chat + "/messages/" + seq + "/deltas", key,
                        Map.of("offset", sent.length(), "text", text));
                assertThat(delta.status()).as(delta.text()).isEqualTo(204);
                sent.append(text);
                if (n == DELTAS / 4) joining = open(sockets, second, "bob", "");
                if (n == DELTAS / 2) {
                    reconnecting.close();
                    reconnected = open(sockets, second, "cat", "&resume=1");
                    reconnected.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), seq)));
                }
            }
            Response finished = first.http().post("/api/v1/server/chats/" + chat + "/messages/" + seq + "/finish", key, Map.of());
            assertThat(finished.status()).as(finished.text()).isEqualTo(200);

            String stored = history(chat, seq);
            assertThat(stored).isEqualTo(sent.toString());
            assertEndsWith(stored, chat, seq, fromStart.received());
            assertEndsWith(stored, chat, seq, joining.received());
            List<JsonNode> acrossTheReconnect = new ArrayList<>(reconnecting.received());
            acrossTheReconnect.addAll(reconnected.received());
            assertEndsWith(stored, chat, seq, acrossTheReconnect);
            assertThat(StreamedText.of(fromStart.received(), chat, seq).deltas()).as("the watcher from the start saw every delta")
                    .isEqualTo(DELTAS);
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    /** Waits for the finish, then checks the text the frames make (contiguity is checked as they are applied). */
    private static void assertEndsWith(String stored, long chat, long seq, List<JsonNode> frames) {
        Await.until("the finished message", WsClient.WAIT, () -> "complete".equals(StreamedText.of(frames, chat, seq).state()));
        assertThat(StreamedText.of(frames, chat, seq).body()).isEqualTo(stored);
    }

    private static WsClient open(List<WsClient> sockets, TestNode node, String user, String query) {
        WsClient socket = WsClient.open(node.wsUrl() + "?x=1" + query,
                Map.of("Authorization", "Bearer " + HostJwt.hs256(HOST_SECRET, user, null, null)));
        sockets.add(socket);
        socket.next("connected");
        return socket;
    }

    private static String history(long chat, long seq) {
        Response page = second.http().get("/api/v1/chats/" + chat + "/messages?after_seq=" + (seq - 1) + "&limit=1",
                HostJwt.hs256(HOST_SECRET, "ann", null, null));
        JsonNode message = page.json().path("messages").get(0);
        assertThat(message.path("state").asText()).isEqualTo("complete");
        return message.path("body").asText();
    }

    private static TestNode node(String id) {
        return TestNode.start(null, Map.of("VESTNIK_DATABASE_URL", database.url(), "VESTNIK_ADMIN_TOKEN", ADMIN,
                "VESTNIK_REDIS_URL", redis.url(), "VESTNIK_BROKER", "redis", "VESTNIK_NODE_ID", id,
                "VESTNIK_JWT_SECRET", "streams-nodes-jwt-secret-0123456789-abcdef", "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
    }
}
