package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.NodeProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live connection's promise across a crash: the node is killed mid-conversation and started again on the same data. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeRestartTest {
    @Test
    void after_a_node_is_killed_and_started_again_the_connection_emits_every_message_once_in_order() throws Exception {
        Map<String, String> settings = Host.settings(Map.of("VESTNIK_DATA_DIR", Files.createTempDirectory("vestnik-java-client").toString()));
        try (NodeProcess node = NodeProcess.start("java-client", Cluster.freePort(), settings)) {
            Host host = new Host(node.baseUrl(), node.http());
            Recorder annaSees = new Recorder();
            try (ServerApi api = host.serverApi("users", "chats", "messages")) {
                Host.BotChat pair = Host.botChat(api);
                String bot = pair.bot();
                try (LiveConnection annaLive = host.connect(pair.person(), annaSees)) {
                    for (int i = 1; i <= 30; i++) api.send(pair.chatId(), bot, "before-" + i, "before " + i);
                    node.kill(); // some of those may not have reached Anna's socket yet
                    CompletableFuture<Message> sentWhileDown = annaLive.send(pair.chatId(), "anna-1", "written while the node was down");
                    node.restart();
                    for (int i = 1; i <= 30; i++) api.send(pair.chatId(), bot, "after-" + i, "after " + i);

                    annaSees.awaitMessages(pair.chatId(), 61, Duration.ofSeconds(60));
                    Message mine = sentWhileDown.orTimeout(30, TimeUnit.SECONDS).join();
                    List<Long> seqs = annaSees.seqs(pair.chatId());
                    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 61).boxed().toList());
                    assertThat(annaSees.messages(pair.chatId())).contains(mine);
                    assertThat(annaSees.states()).as("it went down and came back").contains(ConnectionState.RECONNECTING);
                    assertThat(annaLive.state()).isEqualTo(ConnectionState.LIVE);
                }
            }
        }
    }
}
