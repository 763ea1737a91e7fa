package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Search over real HTTP in the default language (Russian, English words as English): what a marketplace user sees. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SearchContract extends FeaturesBase {

    @Test
    void a_russian_word_finds_its_other_forms_and_marks_them_in_a_plain_text_snippet() {
        User buyer = http.register("buyer");
        User seller = http.register("seller");
        long chat = http.directChat(buyer, seller);
        http.send(seller, chat, "r1", "Сообщения о доставке: <b>Ёлка</b> приедет завтра");
        http.send(seller, chat, "r2", "Другая тема");

        JsonNode page = search(buyer, "сообщение ЕЛКИ", "");
        assertThat(bodies(page)).containsExactly("Сообщения о доставке: <b>Ёлка</b> приедет завтра");
        JsonNode hit = page.path("hits").get(0);
        assertThat(hit.path("chat_id").asLong()).isEqualTo(chat);
        assertThat(hit.path("seq").asLong()).isEqualTo(1);
        assertThat(hit.path("snippet").asText()).isEqualTo("Сообщения о доставке: <b>Ёлка</b> приедет завтра");
        assertThat(marked(hit)).containsExactly("Сообщения", "Ёлка");
    }

    @Test
    void an_english_word_finds_its_other_forms() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(bob, chat, "e1", "Running late, the message is queued");
        JsonNode page = search(alice, "run messages", "");
        assertThat(bodies(page)).containsExactly("Running late, the message is queued");
        assertThat(marked(page.path("hits").get(0))).containsExactly("Running", "message");
    }

    @Test
    void never_shows_a_chat_the_searcher_left_or_was_never_in() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User carol = http.register("carol");
        long shared = http.directChat(alice, bob);
        long left = group(bob, "left", alice);
        long never = http.directChat(bob, carol);
        String word = "кумкват";
        http.send(bob, shared, "n1", "свежий " + word);
        http.send(bob, left, "n2", "старый " + word);
        http.send(bob, never, "n3", "чужой " + word);
        assertThat(http.delete("/api/v1/chats/" + left + "/members/" + alice.id(), alice.token()).status()).isEqualTo(204);

        assertThat(bodies(search(alice, word, ""))).containsExactly("свежий " + word);
        assertThat(http.get("/api/v1/search/messages?q=" + enc(word) + "&chat_id=" + left, alice.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/search/messages?q=" + enc(word) + "&chat_id=" + never, alice.token()).status()).isEqualTo(404);
        assertThat(bodies(search(bob, word, ""))).hasSize(3);
    }

    @Test
    void ranks_better_matches_first_and_filters_by_chat_sender_and_time() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long first = http.directChat(alice, bob);
        long second = group(alice, "second", bob);
        http.send(alice, first, "f1", "скидка на диван");
        JsonNode fromBob = http.send(bob, first, "f2", "скидка скидка скидка");
        http.send(bob, second, "f3", "скидка на стол");

        assertThat(bodies(search(alice, "скидки", ""))).containsExactly("скидка скидка скидка", "скидка на стол", "скидка на диван");
        assertThat(bodies(search(alice, "скидки", "&chat_id=" + first))).containsExactly("скидка скидка скидка", "скидка на диван");
        assertThat(bodies(search(alice, "скидки", "&sender_id=" + bob.id()))).containsExactly("скидка скидка скидка", "скидка на стол");
        String at = fromBob.path("created_at").asText();
        assertThat(bodies(search(alice, "скидки", "&from=" + enc(at)))).contains("скидка скидка скидка").doesNotContain("скидка на диван");
        assertThat(bodies(search(alice, "скидки", "&to=" + enc(at)))).containsExactly("скидка на диван");
        assertThat(http.get("/api/v1/search/messages?q=a&from=yesterday", alice.token()).status()).isEqualTo(400);
    }

    @Test
    void pages_with_a_cursor_show_every_result_once_and_later_messages_wait_for_a_new_search() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        for (int i = 0; i < 5; i++) http.send(bob, chat, "p" + i, "заказ номер " + i);

        List<String> seen = new ArrayList<>();
        JsonNode page = search(alice, "заказы", "&limit=2");
        seen.addAll(bodies(page));
        http.send(bob, chat, "late", "заказ поздний");
        while (!page.path("next_cursor").isNull()) {
            page = search(alice, "заказы", "&limit=2&cursor=" + page.path("next_cursor").asText());
            seen.addAll(bodies(page));
        }
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().doesNotContain("заказ поздний");
        assertThat(bodies(search(alice, "заказы", ""))).hasSize(6);
        assertThat(http.get("/api/v1/search/messages?q=a&cursor=bm90IGEgY3Vyc29y", alice.token()).status()).isEqualTo(400);
    }

    private static JsonNode search(User caller, String words, String extra) {
        HttpApi.Response r = http.get("/api/v1/search/messages?q=" + enc(words) + extra, caller.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("hits").size()).isEqualTo(r.json().path("messages").size());
        return r.json();
    }

    private static List<String> bodies(JsonNode page) {
        return list(page.path("messages")).stream().map(m -> m.path("body").asText()).toList();
    }

    /** The words a hit's ranges mark in its snippet. */
    private static List<String> marked(JsonNode hit) {
        String snippet = hit.path("snippet").asText();
        return list(hit.path("highlights")).stream()
                .map(r -> snippet.substring(r.path("start").asInt(), r.path("end").asInt()))
                .toList();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
