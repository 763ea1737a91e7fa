package io.vestnik.store.sql;

import io.vestnik.search.SearchAnalyzer;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;

/**
 * The SQL functions SQLite's search index is fed through (V16): the triggers on {@code messages}
 * call {@code vestnik_search_terms(body)}, so every write path (appends, edits, stream deltas,
 * deletes, retention) keeps {@code messages_search} in step without knowing it exists. They are
 * registered on every connection before it is used, the migrations' included; a tool that writes
 * messages over a connection of its own must register them too.
 */
public final class SearchFunctions {
    private SearchFunctions() {}

    /** {@code vestnik_search_terms(text)}: the text's search terms, separated by spaces ({@link SearchAnalyzer#indexText}). */
    static final String TERMS = "vestnik_search_terms";
    /** {@code vestnik_search_language()}: the configured language's name, recorded with the index. */
    static final String LANGUAGE = "vestnik_search_language";

    public static void register(Connection connection, SearchAnalyzer analyzer) throws SQLException {
        Function.create(connection, TERMS, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String text = value_text(0);
                result(text == null ? "" : analyzer.indexText(text));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
        Function.create(connection, LANGUAGE, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(analyzer.language().configName());
            }
        }, 0, Function.FLAG_DETERMINISTIC);
    }
}
