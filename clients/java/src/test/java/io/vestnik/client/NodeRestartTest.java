package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.NodeProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live connection's promise across a crash: the node is killed mid-conversation and started again on the same data. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class NodeRestartTest {
    @Test
    void after_a_node_is_killed_and_started_again_the_connection_emits_every_message_once_in_order() throws Exception {
        Map<String, String> settings = Host.settings(Map.of("VESTNIK_DATA_DIR", Files.createTempDirectory("vestnik-java-client").toString()));
        try (NodeProcess node = NodeProcess.start("java-client", Cluster.freePort(), settings)) {
            Host host = new Host(node.baseUrl(), node.http());
            Recorder annaSees = new Recorder();
            try (ServerApi api = host.serverApi("users", "chats", "messages")) {
                Host.BotChat pair = Host.botChat(api);
                long chat = pair.chatId();
                // Tickets wait at this gate while it is shut, so messages are surely sent while Anna is away.
                Semaphore gate = new Semaphore(Integer.MAX_VALUE);
                TokenSource tokens = host.tokens(pair.person());
                try (LiveConnection annaLive = host.connect(() -> passing(gate, tokens), annaSees)) {
                    post(api, pair, "before", 30); // some may not have reached Anna's socket when the node dies
                    gate.acquire(Integer.MAX_VALUE);
                    node.kill();
                    CompletableFuture<Message> sentWhileDown = annaLive.send(chat, "anna-1", "written while the node was down");
                    node.restart(Duration.ofSeconds(60));
                    post(api, pair, "away", 30);
                    gate.release(Integer.MAX_VALUE);
                    Message mine = sentWhileDown.orTimeout(60, TimeUnit.SECONDS).join();
                    post(api, pair, "after", 10);

                    annaSees.awaitMessages(chat, 71, Duration.ofSeconds(60));
                    assertThat(annaSees.seqs(chat)).containsExactlyElementsOf(LongStream.rangeClosed(1, 71).boxed().toList());
                    assertThat(mine.seq()).as("stored once, after what was sent while Anna was away").isEqualTo(61);
                    assertThat(annaSees.states()).as("it went down and came back").contains(ConnectionState.RECONNECTING);
                    assertThat(annaLive.state()).isEqualTo(ConnectionState.LIVE);
                }
            }
        }
    }

    private static String passing(Semaphore gate, TokenSource tokens) {
        gate.acquireUninterruptibly();
        gate.release();
        return tokens.token();
    }

    private static void post(ServerApi api, Host.BotChat pair, String prefix, int count) {
        for (int i = 1; i <= count; i++) api.send(pair.chatId(), pair.bot(), prefix + "-" + i, prefix + " " + i);
    }
}
