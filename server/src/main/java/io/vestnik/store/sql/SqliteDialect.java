package io.vestnik.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FTS5 over the external-content table {@code messages_fts}, kept in step by triggers. */
final class SqliteDialect implements Dialect {

    @Override
    public String searchJoin() {
        return "JOIN messages_fts ON messages_fts.rowid = m.id";
    }

    @Override
    public String searchCondition() {
        return "messages_fts MATCH :terms";
    }

    /** Each word quoted, so user text never reaches FTS5's query syntax (NEAR, OR, column:, *). */
    @Override
    public Optional<String> searchTerms(String query) {
        List<String> words = new ArrayList<>();
        for (String word : query.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) words.add('"' + word + '"');
        }
        return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
    }

    @Override
    public String skipLocked(String alias) {
        return "";
    }
}
