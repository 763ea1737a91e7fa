package io.vestnik.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of a message to show in search results and where its matching words are: plain text
 * plus ranges, never markup, so no client can be tricked into rendering a message as HTML. A
 * long body is cut to a window around its first match, cut at spaces, marked with {@code …}.
 */
public final class Snippets {
    /** About two lines of a chat bubble. */
    static final int MAX_CHARS = 200;
    /** How much text to keep before the first match when the body is cut. */
    static final int LEAD_CHARS = 40;
    private static final String ELLIPSIS = "…";

    private final SearchAnalyzer analyzer;

    public Snippets(SearchAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** A matching word: {@code [start, end)} in UTF-16 code units of the snippet text (JavaScript string indices). */
    public record Range(int start, int end) {}

    public record Snippet(String text, List<Range> highlights) {}

    /** The snippet of {@code body} for a search for {@code query}. */
    public Snippet of(String body, String query) {
        Set<String> wanted = analyzer.terms(query);
        List<Range> matches = new ArrayList<>();
        for (SearchAnalyzer.Word word : analyzer.words(body)) {
            if (wanted.contains(word.term())) matches.add(new Range(word.start(), word.end()));
        }
        if (body.length() <= MAX_CHARS) return new Snippet(body, matches);
        int from = windowStart(body, matches.isEmpty() ? 0 : matches.getFirst().start());
        int to = windowEnd(body, from);
        return cut(body, from, to, matches);
    }

    private static int windowStart(String body, int firstMatch) {
        if (firstMatch <= LEAD_CHARS) return 0;
        int space = body.indexOf(' ', firstMatch - LEAD_CHARS);
        return space < 0 || space >= firstMatch ? firstMatch : space + 1;
    }

    private static int windowEnd(String body, int from) {
        int limit = Math.min(body.length(), from + MAX_CHARS);
        if (limit == body.length()) return limit;
        int space = body.lastIndexOf(' ', limit);
        int end = space > from ? space : limit;
        return Character.isLowSurrogate(body.charAt(end)) ? end - 1 : end;
    }

    private static Snippet cut(String body, int from, int to, List<Range> matches) {
        String lead = from > 0 ? ELLIPSIS : "";
        String text = lead + body.substring(from, to) + (to < body.length() ? ELLIPSIS : "");
        int shift = lead.length() - from;
        List<Range> inside = matches.stream()
                .filter(r -> r.start() >= from && r.end() <= to)
                .map(r -> new Range(r.start() + shift, r.end() + shift))
                .toList();
        return new Snippet(text, inside);
    }
}
