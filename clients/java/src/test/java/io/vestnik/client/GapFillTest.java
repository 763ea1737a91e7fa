package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of messages missed: each chat's stream gets them all, in order, once, before anything after them. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GapFillTest {
    static final int STORED = 2_000;
    static final List<Long> ALL = LongStream.rangeClosed(1, STORED).boxed().toList();
    static TestNode node;
    static Host host;
    static Host.BotChat pair;

    @BeforeAll
    static void aChatWithThousandsOfMessages() throws Exception {
        node = TestNode.start(TestNode.Storage.SQLITE, Host.settings(Map.of()));
        host = new Host(node.baseUrl(), node.http());
        try (ServerApi api = host.serverApi("users", "chats", "messages"); ExecutorService posters = Executors.newFixedThreadPool(4)) {
            pair = Host.botChat(api);
            List<Future<Message>> sent = IntStream.range(0, STORED)
                    .mapToObj(i -> posters.submit(() -> api.send(pair.chatId(), pair.bot(), "m-" + i, "message " + i))).toList();
            for (Future<Message> message : sent) message.get();
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_connection_that_resumes_from_an_old_position_gets_every_message_since_in_order_once() {
        Recorder sees = new Recorder();
        try (LiveConnection live = LiveConnection.builder(host.baseUrl(), host.tokens(pair.person())).listener(sees)
                .position(pair.chatId(), 0).build()) {
            live.connect().orTimeout(60, TimeUnit.SECONDS).join();
            sees.awaitMessages(pair.chatId(), STORED, Duration.ofSeconds(60));
            assertThat(sees.seqs(pair.chatId())).containsExactlyElementsOf(ALL);
            assertThat(live.positions()).containsEntry(pair.chatId(), (long) STORED);
        }
    }

    @Test
    void a_chat_tracked_from_the_start_while_live_is_fetched_from_history_in_order_once() {
        Recorder sees = new Recorder();
        try (LiveConnection live = host.connect(pair.person(), sees)) {
            live.track(pair.chatId(), 0);
            sees.awaitMessages(pair.chatId(), STORED, Duration.ofSeconds(60));
            assertThat(sees.seqs(pair.chatId())).containsExactlyElementsOf(ALL);
        }
    }

    @Test
    void a_message_thousands_ahead_of_the_position_waits_while_the_gap_before_it_is_filled_from_history() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpHistory history = new HttpHistory(new Http(client, URI.create(host.baseUrl()), () -> host.tokens(pair.person()).token()));
            List<Message> emitted = new ArrayList<>();
            ChatStream stream = new ChatStream(pair.chatId(), 0, history, emitted::add);

            stream.accept(history.after(pair.chatId(), STORED - 1, 1).messages().getFirst());
            stream.accept(history.after(pair.chatId(), STORED / 2, 1).messages().getFirst());

            assertThat(emitted).extracting(Message::seq).containsExactlyElementsOf(ALL);
            assertThat(stream.position()).isEqualTo(STORED);
        }
    }
}
