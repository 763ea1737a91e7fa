package io.vestnik.store.sql;

import java.util.Optional;

/** tsvector column {@code body_tsv} with a GIN index; 'simple' config so any language matches. */
final class PostgresDialect implements Dialect {

    @Override
    public String searchJoin() {
        return "";
    }

    @Override
    public String searchCondition() {
        return "m.body_tsv @@ plainto_tsquery('simple', :terms)";
    }

    /** plainto_tsquery ignores operators itself; only blank input is turned away here. */
    @Override
    public Optional<String> searchTerms(String query) {
        return query.isBlank() ? Optional.empty() : Optional.of(query);
    }

    @Override
    public String skipLocked(String alias) {
        return " FOR UPDATE OF " + alias + " SKIP LOCKED";
    }
}
