package io.vestnik.store.sql;

import static java.util.stream.Collectors.joining;

import io.vestnik.search.SearchAnalyzer;
import io.vestnik.store.sql.BoundRows.Column;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * FTS5 over {@code messages_search}, which holds each live message as its search terms (stemmed
 * in Java by {@link SearchAnalyzer}, see {@link SearchFunctions}); the query is stemmed the same way.
 *
 * <p>Lists are bound as one JSON array read with {@code json_each}, so a batch's statements have one
 * text. Text travels in it as the hex of its UTF-8 (SQLite's JSON refuses an escaped NUL, which a
 * bound string may hold), so what is stored is exactly what binding the string would store.
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
        String terms = analyzer.terms(query).stream().map(t -> '"' + t + '"').collect(joining(" "));
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

    @Override
    public String inIds(String expression, String name) {
        return expression + " IN (SELECT value FROM json_each(:" + name + "))";
    }

    @Override
    public Argument ids(Collection<Long> ids) {
        String json = ids.stream().map(String::valueOf).collect(joining(",", "[", "]"));
        return (position, statement, ctx) -> statement.setString(position, json);
    }

    /** {@code (SELECT value ->> 0 AS a, CAST(unhex(value ->> 1) AS TEXT) AS b FROM json_each(:rows)) AS rows}. */
    @Override
    public String from(BoundRows<?> rows) {
        List<? extends Column<?>> columns = rows.columns();
        return IntStream.range(0, columns.size())
                .mapToObj(i -> field(columns.get(i).type(), i) + " AS " + columns.get(i).name())
                .collect(joining(", ", "(SELECT ", " FROM json_each(:" + rows.name() + ")) AS " + rows.name()));
    }

    private static String field(BoundRows.Type type, int index) {
        String value = "value ->> " + index;
        return type == BoundRows.Type.TEXT ? "CAST(unhex(" + value + ") AS TEXT)" : value;
    }

    /** SQLite plans each statement when it is prepared, and looks a join's rows up by index. */
    @Override
    public String joinEach(String table, String alias, String condition) {
        return " JOIN " + table + " " + alias + " ON " + condition;
    }

    @Override
    public <T, S extends SqlStatement<S>> S bind(S statement, BoundRows<T> rows, Collection<T> values) {
        return statement.bind(rows.name(), values.stream().map(v -> row(rows, v)).collect(joining(",", "[", "]")));
    }

    private static <T> String row(BoundRows<T> rows, T value) {
        return rows.columns().stream().map(c -> json(c.type(), c.value().apply(value))).collect(joining(",", "[", "]"));
    }

    private static String json(BoundRows.Type type, Object value) {
        if (value == null) return "null";
        if (type == BoundRows.Type.BIGINT) return value.toString();
        return '"' + HexFormat.of().formatHex(((String) value).getBytes(StandardCharsets.UTF_8)) + '"';
    }
}
