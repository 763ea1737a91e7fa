package io.vestnik.store.sql;

import java.util.Collection;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What differs between the SQL engines once the schema is in place: full-text search, row locks,
 * and how a statement takes a list of any length with one text.
 */
interface Dialect {

    /**
     * A join and condition that keep the messages {@code m} matching the bound {@code :terms};
     * appended after {@code FROM messages m}.
     */
    String searchJoin();

    /** The condition half of {@link #searchJoin()}, for the WHERE clause. */
    String searchCondition();

    /** How well a matching message matches the bound {@code :terms}: smaller is better (ORDER BY it ascending). */
    String searchRank();

    /** The user's words as the engine's query text; empty when no word is left to search for. */
    Optional<String> searchTerms(String query);

    /**
     * Appended to a SELECT that picks rows of {@code alias} to claim: PostgreSQL locks them and skips
     * rows another transaction is claiming ({@code FOR UPDATE OF alias SKIP LOCKED}); SQLite, one
     * writer at a time, needs nothing.
     */
    String skipLocked(String alias);

    /**
     * Appended to a SELECT whose rows of {@code alias} the transaction must hold until it ends:
     * PostgreSQL locks them ({@code FOR NO KEY UPDATE OF alias}: excludes other lockers and updates,
     * as an UPDATE's own lock does, but not the key-share locks that inserts referencing the rows
     * take, so an insert into a table with a foreign key to a locked chat or user neither waits
     * nor closes a deadlock cycle); SQLite, one writer at a time, needs nothing.
     */
    String forUpdate(String alias);

    /**
     * A condition: {@code expression} is one of the ids bound to {@code :name} with {@link #ids}.
     * Its text does not depend on their number.
     */
    String inIds(String expression, String name);

    /** The ids for a parameter of {@link #inIds}. */
    Argument ids(Collection<Long> ids);

    /** A FROM item: the table {@code rows.name()} with {@code rows}' columns, holding what {@link #bind} binds. */
    String from(BoundRows<?> rows);

    /**
     * Appended to a FROM: joins each row so far to the rows of {@code table} (aliased {@code alias})
     * meeting {@code condition}, probing the table's index once per row even when the plan was made
     * while the table was empty. PostgreSQL keeps a prepared statement's generic plan, and one made
     * on an empty {@code messages} hash-joins a full scan of it, which then grows with every message.
     */
    String joinEach(String table, String alias, String condition);

    /** Binds {@code values} as the rows of {@link #from}. */
    <T, S extends SqlStatement<S>> S bind(S statement, BoundRows<T> rows, Collection<T> values);
}
