package io.vestnik.client;

import static io.vestnik.client.Host.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.testing.Await;
import io.vestnik.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue #11 with the Java client: a host server with only a key, and its users' live connections. */
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
        Host.BotChat pair;
        Message sent;
        try (ServerApi api = host.serverApi("users", "chats", "messages")) {
            pair = Host.botChat(api);
            sent = api.send(pair.chatId(), pair.bot(), "r-1", "rate this reply");
        }
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
}
