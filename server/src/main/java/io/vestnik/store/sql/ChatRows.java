package io.vestnik.store.sql;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** Reads chats with their members (ordered by user id). */
final class ChatRows {
    private ChatRows() {}

    static final String COLUMNS =
            "c.id, c.kind, c.title, c.context_type, c.context_id, c.last_seq, c.created_at, c.last_activity_at, "
            + "c.slow_mode_seconds";

    private static final RowMapper<Chat> CHAT = (rs, ctx) -> {
        String contextType = rs.getString("context_type");
        ChatContext context = contextType == null ? null : new ChatContext(contextType, rs.getString("context_id"));
        return new Chat(rs.getLong("id"), ChatKind.parse(rs.getString("kind")), rs.getString("title"), context,
                List.of(), rs.getLong("last_seq"), Rows.instant(rs, "created_at"), Rows.instant(rs, "last_activity_at"),
                rs.getInt("slow_mode_seconds"));
    };

    static Optional<Chat> find(Handle h, long chatId) {
        Query query = h.createQuery("SELECT " + COLUMNS + " FROM chats c WHERE c.id = :id").bind("id", chatId);
        return list(h, query).stream().findFirst();
    }

    /** Runs a query selecting {@link #COLUMNS} and fills in each chat's members. */
    static List<Chat> list(Handle h, Query query) {
        List<Chat> chats = query.map(CHAT).list();
        if (chats.isEmpty()) return chats;
        Map<Long, List<Member>> members = membersOf(h, chats.stream().map(Chat::id).toList());
        List<Chat> filled = new ArrayList<>(chats.size());
        for (Chat c : chats) filled.add(c.withMembers(members.getOrDefault(c.id(), List.of())));
        return filled;
    }

    private static Map<Long, List<Member>> membersOf(Handle h, List<Long> chatIds) {
        Query query = h.createQuery("""
                        SELECT chat_id, user_id, role, last_read_seq FROM chat_members
                        WHERE chat_id IN (<ids>) ORDER BY chat_id, user_id""")
                .bindList("ids", chatIds);
        return Rows.grouped(query, "chat_id",
                (rs, ctx) -> new Member(rs.getLong("user_id"), rs.getString("role"), rs.getLong("last_read_seq")));
    }
}
