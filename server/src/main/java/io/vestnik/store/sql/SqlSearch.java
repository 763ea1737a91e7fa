package io.vestnik.store.sql;

import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore.SearchQuery;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/** The search query: the dialect's match and rank, the caller's memberships, the optional filters. */
final class SqlSearch {
    private SqlSearch() {}

    static List<Message> run(Db db, SearchQuery search) {
        Dialect dialect = db.dialect();
        return dialect.searchTerms(search.words()).map(terms -> db.read(h -> {
            Query query = h.createQuery("SELECT " + MessageRows.COLUMNS + " FROM messages m " + dialect.searchJoin()
                    + " JOIN chat_members cm ON cm.chat_id = m.chat_id AND cm.user_id = :user"
                    + " WHERE m.deleted = FALSE AND " + dialect.searchCondition() + filters(search)
                    + " ORDER BY " + dialect.searchRank() + ", m.created_at DESC, m.id DESC LIMIT :limit OFFSET :offset");
            return MessageRows.list(h, query
                    .bind("user", search.userId())
                    .bind("terms", terms)
                    .bindByType("chat", search.chatId(), Long.class)
                    .bindByType("sender", search.senderId(), Long.class)
                    .bindByType("from", Rows.millisOrNull(search.from()), Long.class)
                    .bindByType("until", Rows.millisOrNull(search.until()), Long.class)
                    .bind("limit", search.limit())
                    .bind("offset", search.offset()));
        })).orElse(List.of());
    }

    /** Only the filters given, so each query plan sees plain conditions. */
    private static String filters(SearchQuery search) {
        return (search.chatId() == null ? "" : " AND m.chat_id = :chat")
                + (search.senderId() == null ? "" : " AND m.sender_id = :sender")
                + (search.from() == null ? "" : " AND m.created_at >= :from")
                + (search.until() == null ? "" : " AND m.created_at < :until");
    }
}
