package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.WsClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14, chat management and people, over real HTTP and WebSocket: a group's profile, each
 * member's own state of a chat (archive, mute, marked unread), leaving, deleting for everyone or
 * for me, and user search that never shows who blocks the searcher. Run once per storage engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChatManagementContract extends FeaturesBase {

    @Test
    void the_owner_renames_a_group_and_every_member_hears_of_it_but_a_member_may_not() {
        User owner = http.register("own");
        User member = http.register("mem");
        long chat = group(owner, "Old", member);
        try (WsClient memberWs = WsClient.connect(node, member)) {
            memberWs.next("connected");
            HttpApi.Response renamed = http.patch("/api/v1/chats/" + chat, owner.token(),
                    Map.of("title", "New", "description", "About", "avatar_url", "https://cdn.example/g.png"));
            assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
            JsonNode updated = memberWs.next("chat_profile");
            assertThat(List.of(updated.path("title").asText(), updated.path("description").asText(), updated.path("avatar_url").asText()))
                    .containsExactly("New", "About", "https://cdn.example/g.png");
            assertThat(updated.path("change").asLong()).as("a numbered change of the chat's log").isPositive();
        }
        assertThat(http.patch("/api/v1/chats/" + chat, member.token(), Map.of("title", "Mine")).status()).isEqualTo(403);
        assertThat(http.patch("/api/v1/chats/" + chat, owner.token(), Map.of("avatar_url", "javascript:alert(1)")).status()).isEqualTo(400);
        assertThat(http.patch("/api/v1/chats/" + chat, owner.token(), Map.of("description", "")).json()
                .path("chat").path("description").isNull()).isTrue();
        assertThat(http.get("/api/v1/chats/" + chat, owner.token()).json().path("chat").path("title").asText()).isEqualTo("New");
    }

    @Test
    void a_member_who_was_away_gets_the_rename_back_on_resume() {
        User owner = http.register("own");
        User member = http.register("mem");
        long chat = group(owner, "Old", member);
        http.patch("/api/v1/chats/" + chat, owner.token(), Map.of("title", "Renamed while away"));
        try (WsClient back = WsClient.connectResuming(node, member)) {
            back.next("connected");
            back.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), 0), "changes", Map.of(Long.toString(chat), 0)));
            assertThat(back.next("chat_profile").path("title").asText()).isEqualTo("Renamed while away");
        }
    }

    @Test
    void archive_mute_and_marked_unread_are_the_callers_own_and_reach_their_devices() {
        User ann = http.register("ann");
        User bob = http.register("bob");
        long chat = group(ann, "Team", bob);
        long other = group(ann, "Other", bob);
        try (WsClient annPhone = WsClient.connect(node, ann)) {
            annPhone.next("connected");
            Instant until = Instant.now().plusSeconds(3600);
            HttpApi.Response changed = http.patch("/api/v1/chats/" + chat + "/state", ann.token(),
                    Map.of("archived", true, "muted_until", until.toString(), "marked_unread", true));
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
            JsonNode view = changed.json().path("chat");
            assertThat(view.path("archived").asBoolean()).isTrue();
            assertThat(view.path("muted").asBoolean()).isTrue();
            assertThat(view.path("unread_count").asLong()).as("marked unread counts one").isEqualTo(1);
            JsonNode state = annPhone.next("chat_state");
            assertThat(state.path("chat_id").asLong()).isEqualTo(chat);
            assertThat(state.path("marked_unread").asBoolean()).isTrue();
        }
        assertThat(ids(http.get("/api/v1/chats?archived=true", ann.token()).json())).containsExactly(chat);
        assertThat(ids(http.get("/api/v1/chats?archived=false", ann.token()).json())).containsExactly(other);
        assertThat(ids(http.get("/api/v1/chats?archived=false", bob.token()).json())).containsExactlyInAnyOrder(chat, other);
        assertThat(http.get("/api/v1/unread", ann.token()).json().path("total").asLong()).isEqualTo(1);
        http.post("/api/v1/chats/" + chat + "/read", ann.token(), Map.of("seq", 0));
        assertThat(http.get("/api/v1/chats/" + chat, ann.token()).json().path("chat").path("marked_unread").asBoolean()).isFalse();
        assertThat(http.get("/api/v1/chats?archived=maybe", ann.token()).status()).isEqualTo(400);
        assertThat(http.patch("/api/v1/chats/" + chat + "/state", ann.token(), Map.of("muted", false, "muted_until",
                Instant.now().plusSeconds(60).toString())).status()).isEqualTo(400);
    }

    @Test
    void when_the_owner_leaves_the_oldest_member_owns_the_group() {
        User owner = http.register("own");
        User first = http.register("first");
        User second = http.register("second");
        long chat = group(owner, "Club", first, second);
        assertThat(http.delete("/api/v1/chats/" + chat + "/members/" + owner.id(), owner.token()).status()).isEqualTo(204);
        JsonNode members = http.get("/api/v1/chats/" + chat, second.token()).json().path("chat").path("members");
        assertThat(list(members).stream().filter(m -> m.path("role").asText().equals("owner")).map(m -> m.path("user_id").asLong()))
                .containsExactly(first.id());
    }

    @Test
    void the_owner_deletes_a_group_for_everyone_and_members_are_told() {
        User owner = http.register("own");
        User member = http.register("mem");
        long chat = group(owner, "Doomed", member);
        assertThat(http.delete("/api/v1/chats/" + chat, member.token()).status()).isEqualTo(403);
        try (WsClient memberWs = WsClient.connect(node, member)) {
            memberWs.next("connected");
            assertThat(http.delete("/api/v1/chats/" + chat, owner.token()).status()).isEqualTo(204);
            JsonNode deleted = memberWs.next("chat_deleted");
            assertThat(deleted.path("scope").asText()).isEqualTo("everyone");
        }
        assertThat(http.get("/api/v1/chats/" + chat, member.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/chats/" + chat + "/messages", owner.token()).status()).isEqualTo(404);
    }

    @Test
    void deleting_a_direct_chat_hides_it_for_me_until_the_next_message() {
        User ann = http.register("ann");
        User bob = http.register("bob");
        long chat = http.directChat(ann, bob);
        http.send(bob, chat, "b1", "hi");
        assertThat(http.delete("/api/v1/chats/" + chat, ann.token()).status()).isEqualTo(204);
        assertThat(ids(http.get("/api/v1/chats", ann.token()).json())).doesNotContain(chat);
        assertThat(ids(http.get("/api/v1/chats", bob.token()).json())).contains(chat);
        http.send(bob, chat, "b2", "still there?");
        assertThat(ids(http.get("/api/v1/chats", ann.token()).json())).contains(chat);
    }

    @Test
    void user_search_finds_by_prefix_but_never_the_searcher_or_who_blocks_them() {
        String tag = "q" + Long.toString(System.nanoTime(), 36);
        User me = http.register(tag + "me");
        User found = http.register(tag + "found");
        User blocker = http.register(tag + "blocker");
        http.post("/api/v1/blocks", blocker.token(), Map.of("user_id", me.id()));
        JsonNode page = http.get("/api/v1/users?q=" + tag + "&limit=50", me.token()).json();
        assertThat(list(page.path("users")).stream().map(u -> u.path("id").asLong())).containsExactly(found.id());
        assertThat(page.path("users").get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "username", "display_name", "avatar_url", "bot");
        assertThat(http.get("/api/v1/users?q=", me.token()).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/blocks", blocker.token()).json().path("blocks").get(0).path("user_id").asLong()).isEqualTo(me.id());
        assertThat(http.post("/api/v1/blocks", me.token(), Map.of("user_id", me.id())).status()).isEqualTo(400);
    }

    @Test
    void a_blocked_senders_messages_count_as_unread_for_no_one_who_blocks_them_in_chats_or_threads() {
        User ann = http.register("ann");
        User bob = http.register("bob");
        User cat = http.register("cat");
        long chat = group(ann, "Team", bob, cat);
        long root = http.send(ann, chat, "a1", "root").path("seq").asLong();
        assertThat(http.post("/api/v1/blocks", ann.token(), Map.of("user_id", bob.id())).status()).isEqualTo(201);
        http.send(bob, chat, "b1", "never shown to ann");
        http.send(bob, chat, "b2", "nor this");
        http.send(cat, chat, "c1", "shown to ann");
        assertThat(ThreadsContract.reply(bob, chat, root, false).status()).isEqualTo(201);
        assertThat(ThreadsContract.reply(cat, chat, root, false).status()).isEqualTo(201);

        assertThat(http.get("/api/v1/chats/" + chat, ann.token()).json().path("chat").path("unread_count").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/unread", ann.token()).json().path("total").asLong()).isEqualTo(1);
        assertThat(list(http.get("/api/v1/chats", ann.token()).json().path("chats")).getFirst().path("unread_count").asLong())
                .isEqualTo(1);
        assertThat(ThreadsContract.followed(ann, "").getFirst().path("unread").asLong()).as("the thread's").isEqualTo(1);
        assertThat(http.get("/api/v1/unread", cat.token()).json().path("total").asLong()).as("a third member counts them")
                .isEqualTo(3);
    }

    private static List<Long> ids(JsonNode page) {
        return list(page.path("chats")).stream().map(c -> c.path("id").asLong()).toList();
    }
}
