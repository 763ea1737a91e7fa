package io.vestnik.store.sql;

import static java.util.stream.Collectors.joining;

import io.vestnik.search.SearchLanguage;
import io.vestnik.store.sql.BoundRows.Column;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * PostgreSQL text search in the configured language: the GIN expression index of that language
 * ({@code messages_search_russian}, {@code _english}; V16) or, for {@code simple}, the column
 * {@code body_tsv} with its index (V1). The document expression here must stay identical to the
 * index's, or the planner cannot use the index.
 *
 * <p>Lists are bound as arrays ({@code = ANY(:ids)}, {@code unnest(:a, :b, …)}), one per column, so a
 * batch's statements have one text: PgJDBC prepares each on the server after a few runs
 * ({@code prepareThreshold}) and keeps it per connection, and PostgreSQL reuses its plan.
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

    @Override
    public String inIds(String expression, String name) {
        return expression + " = ANY(:" + name + ")";
    }

    @Override
    public Argument ids(Collection<Long> ids) {
        return array(BoundRows.Type.BIGINT, ids.toArray());
    }

    /** A LATERAL subquery, kept from being flattened into a join by {@code OFFSET 0}: a nested loop over index probes. */
    @Override
    public String joinEach(String table, String alias, String condition) {
        return " CROSS JOIN LATERAL (SELECT * FROM " + table + " " + alias + " WHERE " + condition + " OFFSET 0) AS " + alias;
    }

    /** {@code unnest(:rows_a, :rows_b) AS rows(a, b)}. */
    @Override
    public String from(BoundRows<?> rows) {
        return rows.columns().stream().map(c -> ":" + parameter(rows, c)).collect(joining(", ", "unnest(", ")"))
                + rows.columns().stream().map(Column::name).collect(joining(", ", " AS " + rows.name() + "(", ")"));
    }

    @Override
    public <T, S extends SqlStatement<S>> S bind(S statement, BoundRows<T> rows, Collection<T> values) {
        for (Column<T> column : rows.columns()) {
            statement.bind(parameter(rows, column), array(column.type(), values.stream().map(column.value()).toArray()));
        }
        return statement;
    }

    private static String parameter(BoundRows<?> rows, Column<?> column) {
        return rows.name() + "_" + column.name();
    }

    private static Argument array(BoundRows.Type type, Object[] values) {
        return (position, statement, ctx) ->
                statement.setArray(position, statement.getConnection().createArrayOf(type.sqlName, values));
    }
}
