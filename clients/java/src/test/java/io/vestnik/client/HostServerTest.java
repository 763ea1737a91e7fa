package io.vestnik.client;

import static io.vestnik.client.Host.unique;
import static io.vestnik.client.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issues #11 and #14 with the Java client: a host server with only a key, its bot's files, and its users' live connections. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostServerTest {
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
    void a_host_server_with_only_a_key_opens_a_listing_chat_where_a_bot_posts_and_both_users_connections_receive_it() {
        String buyer = unique("buyer");
        String seller = unique("seller");
        String bot = unique("assistant");
        Recorder buyerSees = new Recorder();
        Recorder sellerSees = new Recorder();
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            long buyerId = api.putUser(buyer, UserProfile.person("Buyer")).id();
            api.putUser(seller, UserProfile.person("Seller"));
            User botUser = api.putUser(bot, UserProfile.bot("Shop assistant"));
            assertThat(botUser.bot()).isTrue();
            assertThat(api.user(buyer).id()).isEqualTo(buyerId);
            try (LiveConnection buyerLive = host.connect(buyer, buyerSees); LiveConnection sellerLive = host.connect(seller, sellerSees)) {
                assertThat(buyerLive.userId()).isEqualTo(buyerId);
                Chat chat = api.openChat(NewChat.listing(buyer, seller, "listing", "bike-" + buyer));
                assertThat(api.openChat(NewChat.listing(buyer, seller, "listing", "bike-" + buyer)).id()).isEqualTo(chat.id());
                api.addMember(chat.id(), bot);

                Message sent = api.send(chat.id(), bot, "order-1", "Your bike ships tomorrow.");
                assertThat(api.send(chat.id(), bot, "order-1", "Your bike ships tomorrow.")).as("a repeated client_id").isEqualTo(sent);

                for (Recorder sees : List.of(buyerSees, sellerSees)) {
                    sees.awaitMessages(chat.id(), 1, Duration.ofSeconds(10));
                    assertThat(sees.messages(chat.id())).containsExactly(sent);
                }
            }
        }
    }

    @Test
    void a_users_optimistic_send_completes_with_the_stored_message_and_reaches_the_other_member() {
        String anna = unique("anna");
        String boris = unique("boris");
        Recorder annaSees = new Recorder();
        Recorder borisSees = new Recorder();
        try (ServerApi api = host.serverApi("users", "chats")) {
            api.putUser(anna, UserProfile.person("Anna"));
            api.putUser(boris, UserProfile.person("Boris"));
            Chat chat = api.openChat(NewChat.direct(anna, boris));
            try (LiveConnection annaLive = host.connect(anna, annaSees); LiveConnection borisLive = host.connect(boris, borisSees)) {
                Message stored = annaLive.send(chat.id(), "Hi Boris").orTimeout(10, TimeUnit.SECONDS).join();
                assertThat(stored.body()).isEqualTo("Hi Boris");
                for (Recorder sees : List.of(annaSees, borisSees)) sees.awaitMessages(chat.id(), 1, Duration.ofSeconds(10));
                assertThat(borisSees.messages(chat.id())).containsExactly(stored);
                assertThat(annaSees.messages(chat.id())).as("the sender's own stream has it, from the ack").containsExactly(stored);
            }
        }
    }

    @Test
    void a_users_token_in_place_of_a_key_is_refused_with_a_typed_401() {
        try (ServerApi withUserToken = new ServerApi(host.baseUrl(), host.tokens(unique("anna")).token())) {
            assertThatThrownBy(() -> withUserToken.user("anyone")).isInstanceOfSatisfying(VestnikException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.code()).isEqualTo("unauthorized");
            });
        }
    }

    @Test
    void a_key_without_the_routes_scope_is_refused_with_a_typed_403_forbidden() {
        try (ServerApi usersOnly = host.serverApi("users")) {
            assertThatThrownBy(() -> usersOnly.openChat(NewChat.direct(unique("a"), unique("b"))))
                    .isInstanceOfSatisfying(VestnikException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.code()).isEqualTo("forbidden");
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    /** A live connection reacts; both members hear of it; a message replayed later carries the counts and the reader's own. */
    @Test
    void a_reaction_sent_over_the_connection_reaches_both_members_and_comes_back_in_the_replayed_message() {
        BotSaid said = botSaid("rate this reply");
        Host.BotChat pair = said.pair();
        Message sent = said.message();
        assertThat(sent.reactions()).isEmpty();
        Recorder person = new Recorder();
        Recorder bot = new Recorder();
        try (LiveConnection personLive = host.connect(pair.person(), person); LiveConnection botLive = host.connect(pair.bot(), bot)) {
            personLive.react(pair.chatId(), sent.seq(), "👍", true);
            Await.until("the reaction on both sides", Duration.ofSeconds(10),
                    () -> person.events("reaction").size() == 1 && bot.events("reaction").size() == 1);
            assertThat(bot.events("reaction").getFirst().path("emoji").asText()).isEqualTo("👍");
            assertThat(bot.events("reaction").getFirst().path("user_id").asLong()).isEqualTo(personLive.userId());
        }
        Recorder later = new Recorder();
        try (LiveConnection replaying = LiveConnection.builder(host.baseUrl(), host.tokens(pair.person())).listener(later)
                .position(pair.chatId(), 0).build()) {
            replaying.connect().orTimeout(30, TimeUnit.SECONDS).join();
            later.awaitMessages(pair.chatId(), 1, Duration.ofSeconds(10));
            assertThat(later.messages(pair.chatId()).getFirst().reactions()).containsExactly(new Reaction("👍", 1, true));
        }
    }

    /** Changes (decision 0029): each once, in change order, the missed ones replayed from the numbers kept. */
    @Test
    void a_connection_built_with_the_last_change_numbers_gets_the_missed_changes_once_in_order() {
        BotSaid said = botSaid("pizza?");
        Host.BotChat pair = said.pair();
        long seq = said.message().seq();
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

    private record BotSaid(Host.BotChat pair, Message message) {}

    /** A new person and bot, and the bot's first message to the person. */
    private static BotSaid botSaid(String body) {
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            Host.BotChat pair = Host.botChat(api);
            return new BotSaid(pair, api.send(pair.chatId(), pair.bot(), "m-1", body));
        }
    }

    private static void react(Http person, long chatId, long seq, String emoji, String method) {
        person.call(method, "/api/v1/chats/" + chatId + "/messages/" + seq + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    /** A user replies in a bot's thread over the connection; the bot's reply in the thread comes through the server API; both sides see both. */
    @Test
    void replies_in_a_thread_go_both_ways_and_carry_their_root() {
        Host.BotChat pair;
        Message root;
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            pair = Host.botChat(api);
            root = api.send(pair.chatId(), pair.bot(), "t-root", "how was your order?");
        }
        assertThat(root.threadRootSeq()).isNull();
        assertThat(root.shownInChat()).isTrue();
        Recorder person = new Recorder();
        try (LiveConnection personLive = host.connect(pair.person(), person);
             ServerApi api = host.serverApi("users", "chats", "messages")) {
            Message reply = personLive.sendInThread(pair.chatId(), root.seq(), "great, thanks", false).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(reply.threadRootSeq()).isEqualTo(root.seq());
            assertThat(reply.shownInChat()).isFalse();
            Message answer = api.sendInThread(pair.chatId(), pair.bot(), "t-answer", "glad to hear", reply.seq(), true);
            assertThat(answer.threadRootSeq()).as("a reply to a reply joins its root").isEqualTo(root.seq());
            assertThat(answer.shownInChat()).isTrue();
            Await.until("the bot's answer", Duration.ofSeconds(10), () -> person.seqs(pair.chatId()).contains(answer.seq()));
            assertThat(person.messages(pair.chatId())).filteredOn(m -> m.seq() == answer.seq()).singleElement()
                    .satisfies(m -> assertThat(m.threadRootSeq()).isEqualTo(root.seq()));
            Await.until("the root's summary", Duration.ofSeconds(10), () -> person.events("thread_updated").size() == 2);
            assertThat(person.events("thread_updated").getLast().path("thread").path("reply_count").asLong()).isEqualTo(2);
        }
    }

    @Test
    void a_host_server_lists_a_members_report_and_resolves_it_once() {
        String anna = unique("anna");
        String boris = unique("boris");
        try (ServerApi api = host.serverApi("users", "chats", "messages", "moderation")) {
            api.putUser(anna, UserProfile.person("Anna"));
            api.putUser(boris, UserProfile.person("Boris"));
            Chat chat = api.openChat(NewChat.direct(anna, boris));
            Message sent = api.send(chat.id(), anna, "ad-1", "cheap watches");
            var filed = node.http().post("/api/v1/chats/" + chat.id() + "/messages/" + sent.seq() + "/reports",
                    host.tokens(boris).token(), Map.of("reason", "spam"));
            assertThat(filed.status()).as(filed.text()).isEqualTo(201);
            Report report = api.reports(false, null, 200).reports().stream()
                    .filter(r -> r.reporterExternalId().equals(boris)).findFirst().orElseThrow();
            assertThat(report.senderExternalId()).isEqualTo(anna);
            assertThat(report.body()).isEqualTo("cheap watches");
            assertThat(report.status()).isEqualTo("open");
            Report resolved = api.resolveReport(report.id(), "actioned", "deleted it");
            assertThat(resolved.status()).isEqualTo("resolved");
            assertThat(api.resolveReport(report.id(), "dismissed", null)).isEqualTo(resolved);
            assertThatThrownBy(() -> api.resolveReport(report.id(), "ignored", null)).isInstanceOf(VestnikException.class);
        }
    }

    @Test
    void a_file_a_bot_uploads_rides_on_its_message_to_the_other_members_connection_and_downloads_from_there() throws Exception {
        byte[] terms = "Returns within 30 days.\n".getBytes(StandardCharsets.UTF_8);
        Recorder person = new Recorder();
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            Host.BotChat pair = Host.botChat(api);
            try (LiveConnection personLive = host.connect(pair.person(), person)) {
                Attachment uploaded = api.upload(pair.bot(), "terms.txt", "text/plain", terms);
                assertThat(uploaded.name()).isEqualTo("terms.txt");
                assertThat(uploaded.size()).isEqualTo(terms.length);
                assertThat(uploaded.contentType()).isEqualTo("text/plain");

                Message sent = api.send(pair.chatId(), pair.bot(), "terms-1", "Our terms", List.of(uploaded.id()));
                assertThat(sent.attachments()).extracting(Attachment::id).containsExactly(uploaded.id());

                person.awaitMessages(pair.chatId(), 1, Duration.ofSeconds(10));
                Attachment received = person.messages(pair.chatId()).getFirst().attachments().getFirst();
                assertThat(received.id()).isEqualTo(uploaded.id());
                assertThat(received.name()).isEqualTo("terms.txt");
                assertThat(download(received.url())).isEqualTo(terms);
            }
        }
    }

    @Test
    void an_upload_for_an_unknown_user_or_with_a_key_without_the_messages_scope_is_refused_with_a_typed_error() {
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        try (ServerApi api = host.serverApi("users", "chats", "messages"); ServerApi chatsOnly = host.serverApi("users", "chats")) {
            Host.BotChat pair = Host.botChat(api);
            refused(() -> api.upload(Host.unique("nobody"), "x.txt", null, bytes), 404, "not_found");
            refused(() -> chatsOnly.upload(pair.bot(), "x.txt", null, bytes), 403, "forbidden");
        }
    }

    /** The signed URL is the permission: no credential goes with it. */
    private static byte[] download(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(host.baseUrl()).resolve(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
