package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Changes to a chat (decision 0029): each once, in change order, the missed ones replayed from the numbers kept. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChangesResumeTest {
    static TestNode node;
    static Host host;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Host.settings(Map.of()));
        host = new Host(node.baseUrl(), node.http());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_connection_built_with_the_last_change_numbers_gets_the_missed_changes_once_in_order() {
        Host.BotChat pair;
        long seq;
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            pair = Host.botChat(api);
            seq = api.send(pair.chatId(), pair.bot(), "m-1", "pizza?").seq();
        }
        Recorder first = new Recorder();
        Map<Long, Long> kept;
        Map<Long, Long> positions;
        try (HttpClient client = HttpClient.newHttpClient(); LiveConnection live = host.connect(pair.person(), first)) {
            Http person = new Http(client, URI.create(host.baseUrl()), () -> host.tokens(pair.person()).token());
            react(person, pair.chatId(), seq, "🍕", "PUT");
            Await.until("the first change", Duration.ofSeconds(10), () -> first.events("reaction").size() == 1);
            kept = live.changes();
            positions = live.positions();
            live.close();
            react(person, pair.chatId(), seq, "🍣", "PUT");
            react(person, pair.chatId(), seq, "🍕", "DELETE");

            Recorder second = new Recorder();
            LiveConnection.Builder builder = LiveConnection.builder(host.baseUrl(), host.tokens(pair.person())).listener(second);
            positions.forEach(builder::position);
            kept.forEach(builder::changesAfter);
            try (LiveConnection resumed = builder.build()) {
                resumed.connect().orTimeout(30, TimeUnit.SECONDS).join();
                react(person, pair.chatId(), seq, "🍣", "DELETE");
                Await.until("the missed and the live changes", Duration.ofSeconds(10), () -> second.events("reaction").size() >= 3);
                List<Long> numbers = second.events("reaction").stream().map(e -> e.path("change").asLong()).toList();
                assertThat(numbers).containsExactly(2L, 3L, 4L);
                assertThat(resumed.changes()).containsEntry(pair.chatId(), 4L);
            }
        }
        assertThat(kept).containsEntry(pair.chatId(), 1L);
        assertThat(first.events("reaction")).extracting((JsonNode e) -> e.path("change").asLong()).containsExactly(1L);
    }

    private static void react(Http person, long chatId, long seq, String emoji, String method) {
        person.call(method, "/api/v1/chats/" + chatId + "/messages/" + seq + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }
}
