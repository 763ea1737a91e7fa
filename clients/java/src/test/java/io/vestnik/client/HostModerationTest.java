package io.vestnik.client;

import static io.vestnik.client.Host.unique;
import static io.vestnik.client.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host's moderation through {@link ServerApi}, each call's effect checked from the moderated user's side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostModerationTest {
    @RegisterExtension
    static final HostNode node = new HostNode("users", "chats", "messages", "moderation");

    @Test
    void a_host_reads_a_chat_with_its_members_external_ids_and_an_unknown_chat_is_a_typed_404() {
        Host.People people = Host.people(node.api());
        node.api().send(people.chatId(), people.anna(), "c-1", "hello");
        Chat chat = node.api().chat(people.chatId());
        assertThat(chat.kind()).isEqualTo("direct");
        assertThat(chat.lastSeq()).isEqualTo(1);
        assertThat(chat.members()).extracting(Chat.Member::externalId).containsExactlyInAnyOrder(people.anna(), people.boris());
        refused(() -> node.api().chat(Long.MAX_VALUE / 2048), 404, "not_found");
    }

    @Test
    void a_muted_members_sends_are_refused_with_muted_and_after_unmute_the_next_one_is_the_first_the_other_member_gets() {
        Host.People people = Host.people(node.api());
        Recorder borisSees = new Recorder();
        try (LiveConnection annaLive = node.host().connect(people.anna(), new Recorder());
             LiveConnection borisLive = node.host().connect(people.boris(), borisSees)) {
            Restriction mute = node.api().mute(people.chatId(), people.anna(), null);
            assertThat(mute).isEqualTo(new Restriction(people.chatId(), annaLive.userId(), people.anna(), null));
            refused(() -> annaLive.send(people.chatId(), "let me speak").orTimeout(10, TimeUnit.SECONDS).join(), 0, "muted");
            refused(() -> node.api().send(people.chatId(), people.anna(), "as-anna", "let me speak"), 403, "muted");

            Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            Restriction longer = node.api().mute(people.chatId(), people.anna(), inAnHour);
            assertThat(Instant.parse(longer.until())).as("a later mute replaces it").isEqualTo(inAnHour);
            refused(() -> annaLive.send(people.chatId(), "still?").orTimeout(10, TimeUnit.SECONDS).join(), 0, "muted");

            node.api().unmute(people.chatId(), people.anna());
            node.api().unmute(people.chatId(), people.anna());
            Message free = annaLive.send(people.chatId(), "free again").orTimeout(10, TimeUnit.SECONDS).join();
            borisSees.awaitMessages(people.chatId(), 1, Duration.ofSeconds(10));
            assertThat(free.seq()).as("no refused send was stored").isEqualTo(1);
            assertThat(borisSees.messages(people.chatId())).containsExactly(free);
        }
    }

    @Test
    void muting_someone_who_is_not_a_member_is_a_typed_404() {
        Host.People people = Host.people(node.api());
        String stranger = unique("stranger");
        node.api().putUser(stranger, UserProfile.person("Stranger"));
        refused(() -> node.api().mute(people.chatId(), stranger, null), 404, "not_found");
        refused(() -> node.api().mute(people.chatId(), unique("nobody"), null), 404, "not_found");
    }

    @Test
    void a_blocked_user_still_reads_but_every_send_in_every_chat_is_refused_with_blocked_until_unblocked() {
        Host.People people = Host.people(node.api());
        String carl = unique("carl");
        node.api().putUser(carl, UserProfile.person("Carl"));
        long otherChat = node.api().openChat(NewChat.direct(people.anna(), carl)).id();
        Recorder annaSees = new Recorder();
        Recorder borisSees = new Recorder();
        try (LiveConnection annaLive = node.host().connect(people.anna(), annaSees);
             LiveConnection borisLive = node.host().connect(people.boris(), borisSees)) {
            Restriction block = node.api().block(people.anna(), null);
            assertThat(block).isEqualTo(new Restriction(null, annaLive.userId(), people.anna(), null));
            refused(() -> annaLive.send(people.chatId(), "hello?").orTimeout(10, TimeUnit.SECONDS).join(), 0, "blocked");
            refused(() -> node.api().send(otherChat, people.anna(), "to-carl", "hello?"), 403, "blocked");

            Message fromBoris = borisLive.send(people.chatId(), "can you read me?").orTimeout(10, TimeUnit.SECONDS).join();
            annaSees.awaitMessages(people.chatId(), 1, Duration.ofSeconds(10));
            assertThat(annaSees.messages(people.chatId())).containsExactly(fromBoris);

            node.api().unblock(people.anna());
            node.api().unblock(people.anna());
            Message answer = annaLive.send(people.chatId(), "yes").orTimeout(10, TimeUnit.SECONDS).join();
            borisSees.awaitMessages(people.chatId(), 2, Duration.ofSeconds(10));
            assertThat(borisSees.messages(people.chatId())).containsExactly(fromBoris, answer);
        }
    }

    @Test
    void a_ban_a_groups_owner_set_refuses_adding_the_user_back_until_the_host_lifts_it() {
        String owner = unique("owner");
        String anna = unique("anna");
        node.api().putUser(owner, UserProfile.person("Owner"));
        long annaId = node.api().putUser(anna, UserProfile.person("Anna")).id();
        long groupId = node.api().openChat(NewChat.group("Riders", owner, List.of(anna))).id();
        HttpApi.Response banned = node.http().request("PUT", "/api/v1/chats/" + groupId + "/members/" + annaId + "/ban",
                node.host().tokens(owner).token(), Map.of());
        assertThat(banned.status()).as(banned.text()).isEqualTo(200);
        refused(() -> node.api().addMember(groupId, anna), 403, "banned");

        node.api().unban(groupId, anna);
        node.api().unban(groupId, anna);
        assertThat(node.api().addMember(groupId, anna).hasMember(annaId)).isTrue();
    }

    @Test
    void a_key_without_the_moderation_scope_is_refused_with_a_typed_403_forbidden() {
        Host.People people = Host.people(node.api());
        try (ServerApi chatsOnly = node.host().serverApi("users", "chats")) {
            refused(() -> chatsOnly.mute(people.chatId(), people.anna(), null), 403, "forbidden");
            refused(() -> chatsOnly.unmute(people.chatId(), people.anna()), 403, "forbidden");
            refused(() -> chatsOnly.block(people.anna(), null), 403, "forbidden");
            refused(() -> chatsOnly.unblock(people.anna()), 403, "forbidden");
            refused(() -> chatsOnly.unban(people.chatId(), people.anna()), 403, "forbidden");
        }
        try (ServerApi usersOnly = node.host().serverApi("users")) {
            refused(() -> usersOnly.chat(people.chatId()), 403, "forbidden");
        }
        assertThat(node.api().chat(people.chatId()).id()).isEqualTo(people.chatId());
    }
}
