package io.vestnik.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Splits text into words and turns each into its search term: lower case, diacritics removed
 * ({@code ё} becomes {@code е}, {@code й} stays a letter of its own), then stemmed for the
 * {@link SearchLanguage}. The same terms are indexed and looked up, so {@code сообщения} finds
 * {@code сообщение} and {@code Running} finds {@code run}. Thread-safe: stemmers, which keep
 * state, are made per call.
 */
public final class SearchAnalyzer {
    /** Letters, digits and the marks that belong to them, like SQLite's {@code unicode61} tokenizer. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

    private final SearchLanguage language;

    public SearchAnalyzer(SearchLanguage language) {
        this.language = language;
    }

    public SearchLanguage language() {
        return language;
    }

    /** One word of a text: where it is ({@code [start, end)} in UTF-16 units) and the term it stands for. */
    public record Word(int start, int end, String term) {}

    /** Every word of {@code text}, in order. */
    public List<Word> words(String text) {
        Stemmers stemmers = new Stemmers();
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) words.add(new Word(m.start(), m.end(), stemmers.term(m.group())));
        return words;
    }

    /** The distinct terms of {@code text}, in the order they first occur. */
    public SequencedSet<String> terms(String text) {
        SequencedSet<String> terms = new LinkedHashSet<>();
        for (Word word : words(text)) terms.add(word.term());
        return terms;
    }

    /** The text as its terms separated by spaces: what the SQLite index holds for a message. */
    public String indexText(String text) {
        return String.join(" ", words(text).stream().map(Word::term).toList());
    }

    /** A Russian and an English stemmer for one call, made when first needed. */
    private final class Stemmers {
        private SnowballStemmer russian;
        private SnowballStemmer english;

        String term(String word) {
            String folded = fold(word);
            SnowballStemmer stemmer = stemmerFor(folded);
            if (stemmer == null) return folded;
            stemmer.setCurrent(folded);
            stemmer.stem();
            return stemmer.getCurrent();
        }

        private SnowballStemmer stemmerFor(String word) {
            boolean cyrillic = CYRILLIC.matcher(word).find();
            return switch (language) {
                case SIMPLE -> null;
                case ENGLISH -> cyrillic ? null : english();
                case RUSSIAN -> cyrillic ? russian() : english();
            };
        }

        private SnowballStemmer russian() {
            if (russian == null) russian = new RussianStemmer();
            return russian;
        }

        private SnowballStemmer english() {
            if (english == null) english = new EnglishStemmer();
            return english;
        }
    }

    /** Lower case without diacritics; the breve of {@code й} is kept, as Russian spelling needs it. */
    static String fold(String word) {
        String decomposed = Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replace("и\u0306", "й");
        return MARKS.matcher(decomposed).replaceAll("");
    }
}
