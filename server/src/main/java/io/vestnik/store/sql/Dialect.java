package io.vestnik.store.sql;

import java.util.Optional;

/** What differs between the SQL engines once the schema is in place: full-text search and row locks. */
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
}
