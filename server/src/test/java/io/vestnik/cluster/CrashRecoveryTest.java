package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded default survives a crash: every message that was acknowledged before the server
 * process was killed with SIGKILL is there after a restart, and seq continues without reuse.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {

    @Test
    void every_acknowledged_message_survives_kill_9_of_the_embedded_server() throws Exception {
        Path data = Files.createTempDirectory("vestnik-crash");
        try (NodeProcess node = NodeProcess.start("crashy", Cluster.freePort(), Map.of("VESTNIK_DATA_DIR", data.toString()))) {
            HttpApi http = node.http();
            User alice = http.register("alice");
            User bob = http.register("bob");
            long chat = http.directChat(alice, bob);
            int acked = 0;
            try (WsClient ws = WsClient.connect(node, alice)) {
                ws.next("connected");
                for (int n = 0; n < 50; n++) {
                    ws.send(Map.of("type", "send", "chat_id", chat, "client_id", "c" + n, "body", "before the crash " + n));
                }
                acked = ws.take("ack", 50).size();
                http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 20));
            }

            node.kill();
            node.restart();

            JsonNode page = http.get("/api/v1/chats/" + chat + "/messages?limit=100", bob.token()).json();
            List<Long> seqs = page.path("messages").findValues("seq").stream().map(JsonNode::asLong).toList();
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, acked).boxed().toList());
            assertThat(http.get("/api/v1/unread", bob.token()).json().path("total").asLong()).isEqualTo(acked - 20);
            assertThat(http.send(alice, chat, "after", "after the crash").path("seq").asLong()).isEqualTo(acked + 1);
        }
    }
}
