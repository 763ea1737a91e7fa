package io.vestnik.store.sql;

import io.vestnik.search.SearchLanguage;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL text search in the configured language: the GIN expression index of that language
 * ({@code messages_search_russian}, {@code _english}; V16) or, for {@code simple}, the column
 * {@code body_tsv} with its index (V1). The document expression here must stay identical to the
 * index's, or the planner cannot use the index.
 */
final class PostgresDialect implements Dialect {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]");

    private final String document;
    private final String query;

    PostgresDialect(SearchLanguage language) {
        String config = "'" + language.configName() + "'";
        this.document = language == SearchLanguage.SIMPLE ? "m.body_tsv" : "to_tsvector(" + config + ", m.body)";
        this.query = "plainto_tsquery(" + config + ", :terms)";
    }

    @Override
    public String searchJoin() {
        return "";
    }

    @Override
    public String searchCondition() {
        return document + " @@ " + query;
    }

    @Override
    public String searchRank() {
        return "-ts_rank(" + document + ", " + query + ")";
    }

    /** plainto_tsquery ignores operators itself; input without a letter or digit is turned away here. */
    @Override
    public Optional<String> searchTerms(String text) {
        return WORD.matcher(text).find() ? Optional.of(text) : Optional.empty();
    }

    @Override
    public String skipLocked(String alias) {
        return " FOR UPDATE OF " + alias + " SKIP LOCKED"; // claimed rows may be deleted
    }

    @Override
    public String forUpdate(String alias) {
        return " FOR NO KEY UPDATE OF " + alias;
    }
}
