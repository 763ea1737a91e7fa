package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Chat kinds, membership, the chat list and unread counters, over real HTTP and WebSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FeaturesChatsContract extends FeaturesBase {

    @Test
    void the_chat_list_puts_the_most_recent_activity_first_and_pages_over_every_chat_once() throws InterruptedException {
        User me = http.register("me");
        User a = http.register("a");
        User b = http.register("b");
        User c = http.register("c");
        long withA = http.directChat(me, a);
        long withB = http.directChat(b, me);
        long withC = http.directChat(me, c);
        long team = group(me, "Team", a, b);
        long listing = createChat(a, "listing", me, Map.of("type", "product", "id", "p-7")).json().path("chat").path("id").asLong();
        assertThat(chatIds(me, 100)).containsExactly(listing, team, withC, withB, withA);

        Thread.sleep(5);
        http.send(a, withA, "x1", "hello from a");
        http.send(a, withA, "x2", "still a");
        Thread.sleep(5);
        http.send(me, withB, "x3", "mine");
        assertThat(chatIds(me, 100)).containsExactly(withB, withA, listing, team, withC);
        for (int limit : new int[] {1, 2, 3, 4}) assertThat(chatIds(me, limit)).containsExactly(withB, withA, listing, team, withC);

        Map<Long, JsonNode> chats = new java.util.HashMap<>();
        list(http.get("/api/v1/chats", me.token()).json().path("chats")).forEach(ch -> chats.put(ch.path("id").asLong(), ch));
        assertThat(chats.get(withA).path("last_message").path("body").asText()).isEqualTo("still a");
        assertThat(chats.get(withA).path("last_message").path("seq").asLong()).isEqualTo(2);
        assertThat(chats.get(withA).path("unread_count").asLong()).isEqualTo(2);
        assertThat(chats.get(withB).path("last_message").path("body").asText()).isEqualTo("mine");
        assertThat(chats.get(withB).path("unread_count").asLong()).isZero();
        assertThat(chats.get(withC).path("last_message").isNull()).isTrue();
        assertThat(chats.get(withC).path("unread_count").asLong()).isZero();
    }

    @Test
    void direct_and_listing_chats_are_found_again_and_groups_keep_title_and_members() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User carol = http.register("carol");
        HttpApi.Response first = createChat(alice, "direct", bob, null);
        assertThat(first.status()).isEqualTo(201);
        long direct = first.json().path("chat").path("id").asLong();
        assertThat(createChat(alice, "direct", bob, null)).satisfies(r -> assertSameChat(r, 200, direct));
        assertThat(createChat(bob, "direct", alice, null)).satisfies(r -> assertSameChat(r, 200, direct));

        Map<String, String> sku1 = Map.of("type", "listing", "id", "sku-1");
        HttpApi.Response listing = createChat(alice, "listing", bob, sku1);
        assertThat(listing.status()).isEqualTo(201);
        JsonNode chat = listing.json().path("chat");
        long listingId = chat.path("id").asLong();
        assertThat(listingId).isNotEqualTo(direct);
        assertThat(chat.path("kind").asText()).isEqualTo("listing");
        assertThat(chat.path("context").path("type").asText()).isEqualTo("listing");
        assertThat(chat.path("context").path("id").asText()).isEqualTo("sku-1");
        assertThat(createChat(alice, "listing", bob, sku1)).satisfies(r -> assertSameChat(r, 200, listingId));
        assertThat(createChat(bob, "listing", alice, sku1)).satisfies(r -> assertSameChat(r, 200, listingId));
        HttpApi.Response other = createChat(alice, "listing", bob, Map.of("type", "listing", "id", "sku-2"));
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().path("chat").path("id").asLong()).isNotIn(direct, listingId);

        long team = group(alice, "Launch crew", bob, carol);
        JsonNode g = http.get("/api/v1/chats/" + team, carol.token()).json().path("chat");
        assertThat(g.path("kind").asText()).isEqualTo("group");
        assertThat(g.path("title").asText()).isEqualTo("Launch crew");
        assertThat(roles(g)).containsExactlyInAnyOrderEntriesOf(Map.of(alice.id(), "owner", bob.id(), "member", carol.id(), "member"));

        assertThat(http.post("/api/v1/chats/" + direct + "/members", alice.token(), Map.of("user_id", carol.id())).status()).isEqualTo(409);
        assertThat(http.post("/api/v1/chats/" + listingId + "/members", alice.token(), Map.of("user_id", carol.id())).status()).isEqualTo(409);
        assertThat(http.get("/api/v1/chats/" + direct, carol.token()).status()).isEqualTo(404);
    }

    @Test
    void a_member_added_later_gets_new_messages_live_and_old_ones_only_by_paging() {
        User owner = http.register("owner");
        User early = http.register("early");
        User late = http.register("late");
        long chat = group(owner, "Team", early);
        http.send(owner, chat, "old1", "before you came");
        http.send(early, chat, "old2", "also before");
        try (WsClient earlyWs = WsClient.connect(node, early); WsClient lateWs = WsClient.connect(node, late)) {
            earlyWs.next("connected");
            lateWs.next("connected");
            HttpApi.Response added = http.post("/api/v1/chats/" + chat + "/members", owner.token(), Map.of("user_id", late.id()));
            assertThat(added.status()).isEqualTo(200);
            assertThat(roles(added.json().path("chat"))).containsKey(late.id());
            JsonNode seenByEarly = earlyWs.next("chat_updated").path("chat");
            assertThat(seenByEarly.path("id").asLong()).isEqualTo(chat);
            assertThat(roles(seenByEarly)).containsKey(late.id());
            assertThat(lateWs.next("chat_updated").path("chat").path("id").asLong()).isEqualTo(chat);

            http.send(owner, chat, "new1", "welcome");
            JsonNode live = lateWs.next("new_message").path("message");
            assertThat(live.path("seq").asLong()).isEqualTo(3);
            assertThat(live.path("body").asText()).isEqualTo("welcome");
            earlyWs.next("new_message");
            lateWs.send(Map.of("type", "ping"));
            lateWs.next("pong");
            assertThat(lateWs.drain("new_message")).isEmpty();
        }
        assertThat(history(late, chat, "?before_seq=3")).extracting(m -> m.path("body").asText())
                .containsExactly("before you came", "also before");
    }

    @Test
    void a_member_who_leaves_stops_receiving_and_only_the_owner_removes_others() {
        User owner = http.register("owner");
        User stays = http.register("stays");
        User leaves = http.register("leaves");
        long chat = group(owner, "Team", stays, leaves);
        String members = "/api/v1/chats/" + chat + "/members/";
        assertThat(http.delete(members + leaves.id(), stays.token()).status()).isEqualTo(403);
        assertThat(http.delete(members + owner.id(), stays.token()).status()).isEqualTo(403);
        try (WsClient staysWs = WsClient.connect(node, stays); WsClient leavesWs = WsClient.connect(node, leaves)) {
            staysWs.next("connected");
            leavesWs.next("connected");
            http.send(owner, chat, "m1", "all here");
            leavesWs.next("new_message");
            staysWs.next("new_message");

            assertThat(http.delete(members + leaves.id(), leaves.token()).status()).isEqualTo(204);
            http.send(owner, chat, "m2", "after leaving");
            assertThat(staysWs.next("new_message").path("message").path("body").asText()).isEqualTo("after leaving");
            leavesWs.send(Map.of("type", "ping"));
            leavesWs.next("pong");
            assertThat(leavesWs.drain("new_message")).isEmpty();
        }
        assertThat(http.get("/api/v1/chats/" + chat + "/messages", leaves.token()).status()).isEqualTo(404);
        assertThat(roles(http.get("/api/v1/chats/" + chat, owner.token()).json().path("chat")))
                .containsOnlyKeys(owner.id(), stays.id());
    }

    @Test
    void unread_counts_only_others_messages_and_the_read_position_stops_at_the_last_seq() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long quiet = http.directChat(bob, http.register("carol"));
        for (int i = 1; i <= 3; i++) http.send(alice, chat, "a" + i, "from alice " + i);
        http.send(bob, chat, "b1", "from bob");
        http.send(bob, quiet, "b2", "bob talks alone");

        JsonNode unread = http.get("/api/v1/unread", bob.token()).json();
        assertThat(unread.path("total").isNumber()).isTrue();
        assertThat(unread.path("total").asLong()).isEqualTo(3);
        assertThat(unreadByChat(unread)).containsEntry(chat, 3L).doesNotContainEntry(quiet, 1L);
        assertThat(unreadByChat(unread).getOrDefault(quiet, 0L)).isZero();
        assertThat(http.get("/api/v1/unread", alice.token()).json().path("total").asLong()).isEqualTo(1);

        HttpApi.Response read = http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 999));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("last_read_seq").asLong()).isEqualTo(4);
        assertThat(http.get("/api/v1/unread", bob.token()).json().path("total").asLong()).isZero();
        http.send(alice, chat, "a4", "one more");
        JsonNode after = http.get("/api/v1/unread", bob.token()).json();
        assertThat(after.path("total").asLong()).isEqualTo(1);
        assertThat(unreadByChat(after)).containsEntry(chat, 1L);
        JsonNode bobInChat = list(http.get("/api/v1/chats/" + chat, bob.token()).json().path("chat").path("members")).stream()
                .filter(m -> m.path("user_id").asLong() == bob.id()).findFirst().orElseThrow();
        assertThat(bobInChat.path("last_read_seq").asLong()).isEqualTo(4);
    }

    private static HttpApi.Response createChat(User caller, String kind, User other, Map<String, String> context) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", kind, "member_ids", List.of(other.id())));
        if (context != null) body.put("context", context);
        return http.post("/api/v1/chats", caller.token(), body);
    }

    private static void assertSameChat(HttpApi.Response r, int status, long chatId) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().path("chat").path("id").asLong()).isEqualTo(chatId);
    }

    private static List<Long> chatIds(User reader, int limit) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 50; pages++) {
            HttpApi.Response r = http.get("/api/v1/chats?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), reader.token());
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            list(r.json().path("chats")).forEach(c -> ids.add(c.path("id").asLong()));
            if (r.json().path("next_cursor").isNull()) return ids;
            cursor = r.json().path("next_cursor").asText();
        }
        throw new AssertionError("the chat list never ended: " + ids);
    }

    private static Map<Long, String> roles(JsonNode chat) {
        Map<Long, String> roles = new java.util.HashMap<>();
        list(chat.path("members")).forEach(m -> roles.put(m.path("user_id").asLong(), m.path("role").asText()));
        return roles;
    }

    private static Map<Long, Long> unreadByChat(JsonNode unread) {
        Map<Long, Long> counts = new java.util.HashMap<>();
        list(unread.path("chats")).forEach(c -> counts.put(c.path("chat_id").asLong(), c.path("unread").asLong()));
        return counts;
    }
}
