package io.vestnik.store.sql;

import io.vestnik.search.SearchAnalyzer;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * FTS5 over {@code messages_search}, which holds each live message as its search terms (stemmed
 * in Java by {@link SearchAnalyzer}, see {@link SearchFunctions}); the query is stemmed the same way.
 */
final class SqliteDialect implements Dialect {
    private final SearchAnalyzer analyzer;

    SqliteDialect(SearchAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public String searchJoin() {
        return "JOIN messages_search ON messages_search.rowid = m.id";
    }

    @Override
    public String searchCondition() {
        return "messages_search MATCH :terms";
    }

    /** FTS5's BM25, already negative: the better the match, the smaller. */
    @Override
    public String searchRank() {
        return "bm25(messages_search)";
    }

    /** Each term quoted, so user text never reaches FTS5's query syntax (NEAR, OR, column:, *); terms hold only letters and digits. */
    @Override
    public Optional<String> searchTerms(String query) {
        String terms = analyzer.terms(query).stream().map(t -> '"' + t + '"').collect(Collectors.joining(" "));
        return terms.isEmpty() ? Optional.empty() : Optional.of(terms);
    }

    @Override
    public String skipLocked(String alias) {
        return "";
    }

    @Override
    public String forUpdate(String alias) {
        return "";
    }
}
