package io.vestnik.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchAnalyzerTest {
    private final SearchAnalyzer russian = new SearchAnalyzer(SearchLanguage.RUSSIAN);

    @Test
    void forms_of_a_russian_word_share_one_term() {
        assertThat(russian.terms("сообщение сообщения СООБЩЕНИЙ")).containsExactly("сообщен");
    }

    @Test
    void yo_is_folded_to_ye_and_short_i_is_kept() {
        assertThat(russian.terms("Ёлка елка")).containsExactly("елк");
        assertThat(SearchAnalyzer.fold("Йогурт")).isEqualTo("йогурт");
    }

    @Test
    void latin_words_are_stemmed_as_english_and_lose_their_diacritics() {
        assertThat(russian.terms("running runs")).containsExactly("run");
        assertThat(russian.terms("Café CAFE")).containsExactly("cafe");
    }

    @Test
    void english_leaves_cyrillic_words_as_written_and_simple_stems_nothing() {
        assertThat(new SearchAnalyzer(SearchLanguage.ENGLISH).terms("messages сообщения")).containsExactly("messag", "сообщения");
        assertThat(new SearchAnalyzer(SearchLanguage.SIMPLE).terms("Messages Сообщения")).containsExactly("messages", "сообщения");
    }

    @Test
    void words_keep_their_place_in_the_text() {
        assertThat(russian.words("Hi, мир!")).containsExactly(
                new SearchAnalyzer.Word(0, 2, "hi"), new SearchAnalyzer.Word(4, 7, "мир"));
    }

    @Test
    void punctuation_and_query_syntax_make_no_terms() {
        assertThat(russian.terms(" \"*\" -- ?! ")).isEmpty();
        assertThat(russian.indexText("NEAR(a* OR b)")).isEqualTo("near a or b");
    }

    @Test
    void languages_are_named_as_in_postgresql() {
        assertThat(SearchLanguage.named("Russian")).isEqualTo(SearchLanguage.RUSSIAN);
        assertThat(SearchLanguage.SIMPLE.configName()).isEqualTo("simple");
    }
}
