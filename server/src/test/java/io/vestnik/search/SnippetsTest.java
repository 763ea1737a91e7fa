package io.vestnik.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    private final Snippets snippets = new Snippets(new SearchAnalyzer(SearchLanguage.RUSSIAN));

    @Test
    void a_short_body_is_shown_whole_with_every_form_of_the_query_words_marked() {
        Snippets.Snippet snippet = snippets.of("Сообщения о доставке: сообщение <b>пришло</b>", "сообщение");
        assertThat(snippet.text()).isEqualTo("Сообщения о доставке: сообщение <b>пришло</b>");
        assertThat(snippet.highlights()).containsExactly(new Snippets.Range(0, 9), new Snippets.Range(22, 31));
    }

    @Test
    void a_long_body_is_cut_around_the_first_match_at_spaces() {
        String body = "слово ".repeat(60) + "доставка завтра " + "конец ".repeat(60);
        Snippets.Snippet snippet = snippets.of(body, "доставки");
        assertThat(snippet.text()).startsWith("…слово").endsWith("…").hasSizeLessThanOrEqualTo(Snippets.MAX_CHARS + 2);
        Snippets.Range match = snippet.highlights().getFirst();
        assertThat(snippet.text().substring(match.start(), match.end())).isEqualTo("доставка");
        assertThat(match.start()).isLessThanOrEqualTo(Snippets.LEAD_CHARS + 1);
    }

    @Test
    void offsets_count_utf16_units_like_javascript() {
        Snippets.Snippet snippet = snippets.of("😀 цена", "цены");
        assertThat(snippet.highlights()).isEqualTo(List.of(new Snippets.Range(3, 7)));
    }
}
