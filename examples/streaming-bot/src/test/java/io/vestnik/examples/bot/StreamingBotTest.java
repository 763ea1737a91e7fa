package io.vestnik.examples.bot;

import static io.vestnik.client.Host.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.client.Delta;
import io.vestnik.client.Host;
import io.vestnik.client.LiveConnection;
import io.vestnik.client.Message;
import io.vestnik.client.NewChat;
import io.vestnik.client.Recorder;
import io.vestnik.client.ServerApi;
import io.vestnik.client.UserProfile;
import io.vestnik.testing.Await;
import io.vestnik.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example bot end to end: a user asks, the bot types, then streams its answer; the user's Java connection sees it grow. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamingBotTest {
    @Test
    void a_question_gets_typing_then_a_streamed_answer_whose_deltas_are_contiguous_and_whose_final_text_is_the_canned_answer() {
        String botId = unique("assistant");
        String anna = unique("anna");
        Recorder annaSees = new Recorder();
        try (TestNode node = TestNode.start(TestNode.Storage.SQLITE, Host.settings(Map.of()))) {
            Host host = new Host(node.baseUrl(), node.http());
            try (ServerApi api = host.serverApi("users", "chats", "messages");
                 StreamingBot bot = new StreamingBot(node.baseUrl(), api, botId, host.tokens(botId), Duration.ofMillis(300), Duration.ofMillis(10))) {
                bot.start();
                api.putUser(anna, UserProfile.person("Anna"));
                long chat = api.openChat(NewChat.direct(anna, botId)).id();
                try (LiveConnection annaLive = host.connect(anna, annaSees)) {
                    annaLive.send(chat, "How do streamed replies look?").orTimeout(10, TimeUnit.SECONDS).join();

                    Await.until("the answer is finished", Duration.ofSeconds(60),
                            () -> annaSees.updates().stream().anyMatch(m -> m.seq() == 2 && !m.streaming()));
                    Message started = annaSees.messages(chat).get(1);
                    assertThat(started.streaming()).as("the answer arrives first as a streaming message").isTrue();
                    assertThat(contiguous(started.body(), annaSees.deltas())).isEqualTo(StreamingBot.ANSWER);
                    Message finished = annaSees.updates().stream().filter(m -> m.seq() == 2 && !m.streaming()).findFirst().orElseThrow();
                    assertThat(finished.body()).isEqualTo(StreamingBot.ANSWER);
                    assertThat(annaSees.events("typing")).as("the bot typed while it thought")
                            .anyMatch(t -> t.path("user_id").asLong() != annaLive.userId() && t.path("is_typing").asBoolean());
                }
            }
        }
    }

    /** The text the deltas build on {@code start}, each required to begin exactly where the text so far ends. */
    private static String contiguous(String start, List<Delta> deltas) {
        StringBuilder text = new StringBuilder(start);
        for (Delta delta : deltas) {
            assertThat(delta.offset()).as("offset of '%s'", delta.text()).isEqualTo(text.length());
            text.append(delta.text());
        }
        return text.toString();
    }
}
