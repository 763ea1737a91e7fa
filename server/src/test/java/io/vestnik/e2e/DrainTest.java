package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node stopping for a deploy answers every send it read before it tells the client to reconnect
 * (1012): what it stored was acked on the socket that sent it. Otherwise a send stored after the
 * close is retried on another node while the first attempt may still commit, and the two answers
 * can disagree (stored there, refused here because the sender was muted meanwhile).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DrainTest {
    private static final int SENDS = 400;

    @Test
    void a_draining_node_acks_every_send_it_stores_before_it_closes_the_socket() throws Exception {
        Path data = Files.createTempDirectory("vestnik-drain");
        try (NodeProcess node = NodeProcess.start("drainy", Cluster.freePort(), Map.of("VESTNIK_DATA_DIR", data.toString()))) {
            HttpApi http = node.http();
            User alice = http.register("alice");
            User bob = http.register("bob");
            long chat = http.directChat(alice, bob);
            Set<String> answered = new HashSet<>();
            try (WsClient ws = WsClient.connect(node, alice)) {
                ws.next("connected");
                for (int n = 0; n < SENDS; n++) {
                    ws.send(Map.of("type", "send", "chat_id", chat, "client_id", "d" + n, "body", "in flight " + n));
                }
                ws.next("ack"); // the node is storing: stop it with sends still in flight
                assertThat(node.stop()).as("exit code after a clean drain").isEqualTo(143);
                assertThat(ws.closeCode()).isEqualTo(CloseCodes.RESTARTING);
                for (JsonNode frame : ws.received()) {
                    if (frame.path("type").asText().equals("ack")) answered.add(frame.path("client_id").asText());
                }
            }

            node.restart();
            Set<String> stored = storedClientIds(http, bob, chat);
            assertThat(stored).as("sends stored while the node drained").isNotEmpty();
            assertThat(answered).as("every stored send was acked before the close, and every ack is stored")
                    .isEqualTo(stored);
        }
    }

    private static Set<String> storedClientIds(HttpApi http, User reader, long chat) {
        Set<String> ids = new HashSet<>();
        long after = 0;
        while (true) {
            JsonNode page = http.get("/api/v1/chats/" + chat + "/messages?limit=100&after_seq=" + after, reader.token()).json();
            if (page.path("messages").isEmpty()) return ids;
            for (JsonNode m : page.path("messages")) {
                ids.add(m.path("client_id").asText());
                after = Math.max(after, m.path("seq").asLong());
            }
        }
    }
}
