package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.search.SearchLanguage;
import org.junit.jupiter.api.Test;

/** {@code VESTNIK_SEARCH_LANGUAGE}: each language stems as it says, and a change applies to messages already stored. */
public interface SearchLanguageContract extends StoreFixture {

    /** Closes the storage and opens it again over the same database, searching in {@code language}. */
    Storage reopenIn(SearchLanguage language);

    @Test
    default void english_stems_english_words_only_and_simple_stems_nothing_even_for_messages_already_stored() {
        User ann = user();
        Chat chat = group(ann);
        Message english = send(chat, ann, "one message");
        Message russian = send(chat, ann, "одно сообщение");

        reopenIn(SearchLanguage.ENGLISH);
        assertThat(search(ann, "messages", null)).containsExactly(english);
        assertThat(search(ann, "сообщения", null)).isEmpty();
        assertThat(search(ann, "сообщение", null)).containsExactly(russian);

        reopenIn(SearchLanguage.SIMPLE);
        assertThat(search(ann, "messages", null)).isEmpty();
        assertThat(search(ann, "MESSAGE", null)).containsExactly(english);

        reopenIn(SearchLanguage.RUSSIAN);
        assertThat(search(ann, "сообщения", null)).containsExactly(russian);
    }
}
