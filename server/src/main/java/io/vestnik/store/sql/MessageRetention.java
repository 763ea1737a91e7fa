package io.vestnik.store.sql;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * One retention batch, inside the caller's transaction. Rows that point at a message go first
 * (attachments; pins, reactions and thread participants, by seq), then the messages; search entries follow by themselves
 * (SQLite's FTS5 delete trigger, PostgreSQL's generated column). {@code chats.last_seq} is not
 * touched, so seqs are never reused.
 *
 * <p>Lock order: chat rows in ascending id (as a group commit takes them), then message rows, the
 * order every writer keeps ({@link JdbcChatStore#lock}); so a reply, an edit or an append never
 * waits on this batch in a cycle (decision 0030).
 */
final class MessageRetention {
    private MessageRetention() {}

    record Doomed(long id, long chatId) {}

    /**
     * From {@code table}: {@code messages}, or on a partitioned table its default partition, the one
     * part retention does not drop whole ({@link PostgresMessagePartitions}).
     */
    static int deleteOlderThan(Handle h, String table, long beforeMillis, int limit) {
        List<Doomed> doomed = h.createQuery(
                        "SELECT id, chat_id FROM " + table + " WHERE created_at < :before ORDER BY created_at, id LIMIT :limit")
                .bind("before", beforeMillis)
                .bind("limit", limit)
                .map((rs, ctx) -> new Doomed(rs.getLong("id"), rs.getLong("chat_id")))
                .list();
        if (doomed.isEmpty()) return 0;
        // Same transaction: a cache validated by the version never serves a removed message.
        for (long chatId : new TreeSet<>(doomed.stream().map(Doomed::chatId).toList())) {
            JdbcChatStore.bumpVersion(h, chatId);
        }
        List<Long> ids = doomed.stream().map(Doomed::id).toList();
        h.createUpdate("DELETE FROM attachments WHERE message_id IN (<ids>)").bindList("ids", ids).execute();
        Map<String, String> seqColumns = Map.of("pins", "seq", "reactions", "seq", "thread_participants", "root_seq");
        seqColumns.forEach((dependent, seq) -> h.createUpdate("DELETE FROM " + dependent
                        + " WHERE EXISTS (SELECT 1 FROM " + table + " m WHERE m.chat_id = " + dependent + ".chat_id AND m.seq = "
                        + dependent + "." + seq + " AND m.id IN (<ids>))")
                .bindList("ids", ids)
                .execute());
        return h.createUpdate("DELETE FROM " + table + " WHERE id IN (<ids>)").bindList("ids", ids).execute();
    }
}
