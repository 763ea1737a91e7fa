package io.vestnik.store.sql;

import java.util.List;
import java.util.function.Function;

/**
 * Rows of {@code T} that a statement reads as a table named {@code name} with these columns, bound
 * as parameters whose number does not depend on the rows' ({@link Dialect#from}, {@link Dialect#bind}):
 * the statement keeps one text for every batch size, so it is parsed once and, on PostgreSQL,
 * prepared on the server and planned once per connection.
 */
record BoundRows<T>(String name, List<Column<T>> columns) {

    /** What a column holds: PostgreSQL binds it as an array of that type. */
    enum Type {
        BIGINT("bigint"), TEXT("text");

        final String sqlName;

        Type(String sqlName) {
            this.sqlName = sqlName;
        }
    }

    /** One column; {@code value} may return null. */
    record Column<T>(String name, Type type, Function<T, Object> value) {}

    static <T> Column<T> bigint(String name, Function<T, Long> value) {
        return new Column<>(name, Type.BIGINT, value::apply);
    }

    static <T> Column<T> text(String name, Function<T, String> value) {
        return new Column<>(name, Type.TEXT, value::apply);
    }

    @SafeVarargs
    static <T> BoundRows<T> of(String name, Column<T>... columns) {
        return new BoundRows<>(name, List.of(columns));
    }
}
