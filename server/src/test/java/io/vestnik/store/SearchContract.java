package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.MessageStore.SearchQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Full-text search in the default language (Russian, English words stemmed as English), on every engine. */
public interface SearchContract extends StoreFixture {

    @Test
    default void a_russian_word_finds_its_other_forms_whatever_the_case() {
        User ann = user();
        Chat chat = group(ann);
        Message sent = send(chat, ann, "Сообщение продавцу отправлено");
        assertThat(search(ann, "сообщения", null)).containsExactly(sent);
        assertThat(search(ann, "СООБЩЕНИЙ ПРОДАВЦА", null)).containsExactly(sent);
        assertThat(search(ann, "продавцом", null)).containsExactly(sent);
    }

    @Test
    default void yo_and_ye_are_one_letter() {
        User ann = user();
        Chat chat = group(ann);
        Message tree = send(chat, ann, "Продаю ёлку, почти новая");
        Message trees = send(chat, ann, "Елки закончились");
        assertThat(search(ann, "елка", null)).containsExactlyInAnyOrder(tree, trees);
        assertThat(search(ann, "Ёлки", null)).containsExactlyInAnyOrder(tree, trees);
    }

    @Test
    default void an_english_word_finds_its_other_forms() {
        User ann = user();
        Chat chat = group(ann);
        Message message = send(chat, ann, "One message about the Bike");
        Message run = send(chat, ann, "we run tomorrow");
        assertThat(search(ann, "messages", null)).containsExactly(message);
        assertThat(search(ann, "bikes", null)).containsExactly(message);
        assertThat(search(ann, "running", null)).containsExactly(run);
    }

    @Test
    default void every_word_of_the_query_must_match() {
        User ann = user();
        Chat chat = group(ann);
        Message both = send(chat, ann, "Доставка iPhone завтра");
        send(chat, ann, "Доставка дивана завтра");
        assertThat(search(ann, "iphone доставкой", null)).containsExactly(both);
    }

    @Test
    default void better_matches_come_first_then_newer_ones() {
        User ann = user();
        Chat chat = group(ann);
        Message best = sendAt(chat, ann, "скидка скидка скидка", T0);
        Message older = sendAt(chat, ann, "скидка на диван", T0.plusSeconds(1));
        Message newer = sendAt(chat, ann, "скидка на стол", T0.plusSeconds(2));
        assertThat(search(ann, "скидки", null)).containsExactly(best, newer, older);
    }

    @Test
    default void finds_only_live_messages_of_chats_the_user_is_in_now() {
        String word = StoreFixture.unique("w").replace("-", "");
        User ann = user();
        User bob = user();
        Chat shared = group(ann, bob);
        Chat bobsOwn = group(bob);
        Chat left = group(bob, ann);
        Message kept = send(shared, bob, "kept " + word);
        send(shared, ann, "gone " + word);
        storage().messages().delete(shared.id(), 2, null, T0);
        send(bobsOwn, bob, "private " + word);
        send(left, bob, "before she left " + word);
        storage().chats().removeMember(left.id(), ann.id());
        assertThat(search(ann, word, null)).containsExactly(kept);
        assertThat(search(bob, word, null)).hasSize(3);
    }

    @Test
    default void an_edit_replaces_the_words_a_message_is_found_by() {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "встреча в понедельник");
        storage().messages().edit(chat.id(), 1, "встреча во вторник", T0.plusSeconds(5));
        assertThat(search(ann, "понедельник", null)).isEmpty();
        assertThat(search(ann, "вторника", null)).extracting(Message::seq).containsExactly(1L);
    }

    @Test
    default void a_streamed_reply_is_found_by_the_words_it_has_so_far_and_by_its_final_text() {
        User bot = user();
        Chat chat = group(bot);
        storage().messages().append(new MessageStore.NewMessage(chat.id(), bot.id(), "s", "Ваш заказ", null, null,
                List.of(), T0, true));
        storage().streams().append(chat.id(), 1, bot.id(), 9, " доставлен", 1000, T0);
        assertThat(search(bot, "заказы доставлены", null)).extracting(Message::seq).containsExactly(1L);
        storage().streams().finish(chat.id(), 1, bot.id(), "Ваша посылка в пути", T0);
        assertThat(search(bot, "заказ", null)).isEmpty();
        assertThat(search(bot, "посылки", null)).extracting(Message::seq).containsExactly(1L);
    }

    @Test
    default void filters_by_chat_sender_and_time() {
        User ann = user();
        User bob = user();
        Chat first = group(ann, bob);
        Chat second = group(ann, bob);
        Message annEarly = sendAt(first, ann, "цена вопроса", T0);
        Message bobLater = sendAt(first, bob, "цена вопроса", T0.plusSeconds(60));
        Message elsewhere = sendAt(second, bob, "цена вопроса", T0.plusSeconds(120));
        assertThat(searchWhere(ann, first.id(), null, null, null)).containsExactly(bobLater, annEarly);
        assertThat(searchWhere(ann, null, bob.id(), null, null)).containsExactly(elsewhere, bobLater);
        assertThat(searchWhere(ann, null, null, T0.plusSeconds(60), T0.plusSeconds(120))).containsExactly(bobLater);
    }

    @Test
    default void pages_by_offset_without_repeating_or_skipping() {
        User ann = user();
        Chat chat = group(ann);
        for (int i = 0; i < 5; i++) sendAt(chat, ann, "заказ номер " + i, T0.plusSeconds(i));
        List<Message> all = search(ann, "заказ", null);
        List<Message> pages = new java.util.ArrayList<>();
        for (int offset = 0; offset < 5; offset += 2) {
            pages.addAll(storage().messages().search(new SearchQuery(ann.id(), "заказ", null, null, null, null, offset, 2)));
        }
        assertThat(all).hasSize(5);
        assertThat(pages).isEqualTo(all);
    }

    @Test
    default void query_syntax_is_taken_as_plain_words() {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "price: 10 OR more, near the station");
        assertThat(search(ann, "\"price\" OR NEAR( * -", null)).hasSize(1);
        assertThat(search(ann, "  ?! ", null)).isEmpty();
    }

    private List<Message> searchWhere(User user, Long chatId, Long senderId, Instant from, Instant until) {
        return storage().messages().search(new SearchQuery(user.id(), "цены", chatId, senderId, from, until, 0, 20));
    }
}
