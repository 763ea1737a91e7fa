package io.vestnik.store.sql;

import io.vestnik.config.PartitionInterval;
import io.vestnik.store.MessagePartitions.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The online conversion of the unpartitioned messages table into {@code messages_partitioned}
 * (V23), one step per transaction (see {@link io.vestnik.store.MessagePartitions}).
 *
 * <p>Why nothing is lost or doubled: the mirror trigger goes in under a lock that waits for every
 * writer of {@code messages} to finish, and {@code copy_until} is read under that lock, so a row
 * with a larger id was written with the trigger in place and mirrored by its own transaction. The
 * copy takes the rows up to {@code copy_until} {@code FOR SHARE}, so an edit or delete of a row
 * being copied waits for the copy (or the copy for it), and its mirror then updates or deletes the
 * copied row; a copy never overwrites (ON CONFLICT DO NOTHING), so it never undoes a mirrored write.
 * The swap holds {@code messages} exclusively, so no write falls between the two tables.
 */
final class PartitionConversion {
    private PartitionConversion() {}

    /** pg_advisory_xact_lock key: one conversion or upkeep step at a time across the cluster. */
    static final long LOCK = 0x7665_7374_6e69_6b50L;
    /** How long the swap waits for the exclusive lock before giving up until the next pass. */
    private static final String SWAP_LOCK_TIMEOUT = "3s";

    record State(Phase phase, long copyUntil, long copiedThrough, long startedAt) {}

    static void lock(Handle h) {
        h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", LOCK).mapTo(String.class).one();
    }

    static State state(Handle h) {
        return h.createQuery("SELECT phase, copy_until, copied_through, started_at FROM message_partitioning")
                .map((rs, ctx) -> {
                    long until = rs.getLong("copy_until");
                    long through = rs.getLong("copied_through");
                    Phase phase = Phase.valueOf(rs.getString("phase").toUpperCase(Locale.ROOT));
                    return new State(phase == Phase.COPYING && through >= until ? Phase.COPIED : phase,
                            until, through, rs.getLong("started_at"));
                })
                .one();
    }

    /** The name the partitioned table has in this phase. */
    static String partitioned(Phase phase) {
        return phase == Phase.PARTITIONED ? "messages" : "messages_partitioned";
    }

    /** One step, inside the caller's transaction; returns the phase after it. */
    static Phase step(Handle h, Instant now, Duration settle, int batch) {
        lock(h);
        State state = state(h);
        return switch (state.phase()) {
            case UNPARTITIONED -> begin(h, now);
            case COPYING -> copy(h, state, batch);
            case COPIED -> now.toEpochMilli() - state.startedAt() >= settle.toMillis() ? swap(h) : Phase.COPIED;
            case PARTITIONED -> Phase.PARTITIONED;
        };
    }

    /**
     * Before {@link #step} begins a conversion, in a transaction of its own: a partition per
     * interval of the table's history and ahead, so copied rows find theirs. Not in the begin's
     * transaction: a new partition locks chats and users (its foreign keys), and a writer of
     * messages waiting for a chat row while begin waits for messages would deadlock.
     */
    static void prepare(Handle h, Instant now, PartitionInterval interval) {
        lock(h);
        if (state(h).phase() != Phase.UNPARTITIONED) return;
        Long oldest = h.createQuery("SELECT min(created_at) FROM messages").mapTo(Long.class).one();
        Instant from = oldest == null ? now : Instant.ofEpochMilli(oldest);
        for (PartitionTables.Range range : PartitionTables.missing(h, "messages_partitioned", interval, from,
                PostgresMessagePartitions.aheadOf(now, interval))) {
            PartitionTables.create(h, "messages_partitioned", range);
        }
    }

    private static Phase begin(Handle h, Instant now) {
        h.execute("LOCK TABLE messages IN SHARE ROW EXCLUSIVE MODE");
        h.execute(mirror(PartitionTables.columns(h, "messages")));
        h.execute("CREATE TRIGGER messages_mirror AFTER INSERT OR UPDATE OR DELETE ON messages"
                + " FOR EACH ROW EXECUTE FUNCTION messages_mirror()");
        long copyUntil = h.createQuery("SELECT COALESCE(max(id), 0) FROM messages").mapTo(Long.class).one();
        h.createUpdate("UPDATE message_partitioning SET phase = 'copying', copy_until = :until, copied_through = 0, started_at = :now")
                .bind("until", copyUntil)
                .bind("now", now.toEpochMilli())
                .execute();
        return copyUntil == 0 ? Phase.COPIED : Phase.COPYING;
    }

    /** The trigger function: every insert or update of messages upserted into the twin, every delete repeated there. */
    private static String mirror(String columns) {
        List<String> names = Arrays.stream(columns.split(", ")).toList();
        String values = names.stream().map(c -> "NEW." + c).collect(Collectors.joining(", "));
        String updates = names.stream().filter(c -> !c.equals("id") && !c.equals("created_at"))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return """
                CREATE OR REPLACE FUNCTION messages_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM messages_partitioned WHERE id = OLD.id AND created_at = OLD.created_at;
                        RETURN NULL;
                    END IF;
                    INSERT INTO messages_partitioned (%s) VALUES (%s)
                    ON CONFLICT (id, created_at) DO UPDATE SET %s;
                    RETURN NULL;
                END
                $$""".formatted(columns, values, updates);
    }

    private static Phase copy(Handle h, State state, int batch) {
        List<Long> ids = h.createQuery("""
                        SELECT id FROM messages WHERE id > :from AND id <= :until ORDER BY id LIMIT :batch FOR SHARE""")
                .bind("from", state.copiedThrough())
                .bind("until", state.copyUntil())
                .bind("batch", batch)
                .mapTo(Long.class)
                .list();
        long through = ids.isEmpty() ? state.copyUntil() : ids.getLast();
        if (!ids.isEmpty()) {
            String columns = PartitionTables.columns(h, "messages");
            h.createUpdate("INSERT INTO messages_partitioned (" + columns + ") SELECT " + columns
                            + " FROM messages WHERE id IN (<ids>) ON CONFLICT (id, created_at) DO NOTHING")
                    .bindList("ids", ids)
                    .execute();
        }
        h.createUpdate("UPDATE message_partitioning SET copied_through = :through").bind("through", through).execute();
        return through >= state.copyUntil() ? Phase.COPIED : Phase.COPYING;
    }

    /**
     * The exclusive lock waits for the transactions using messages and holds new ones for the few
     * statements below; it gives up after {@link #SWAP_LOCK_TIMEOUT} rather than queue every
     * request behind a long transaction, and the next pass tries again. The old table stays as
     * {@code messages_unpartitioned} for the operator to drop; the foreign keys that pointed at it
     * (pins, attachments) go, as none can point at a partitioned table by (chat_id, seq) or id.
     */
    private static Phase swap(Handle h) {
        h.execute("SET LOCAL lock_timeout = '" + SWAP_LOCK_TIMEOUT + "'");
        h.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
        h.execute("DROP TRIGGER messages_mirror ON messages");
        h.execute("DROP FUNCTION messages_mirror()");
        h.execute("ALTER TABLE pins DROP CONSTRAINT IF EXISTS pins_chat_id_seq_fkey");
        h.execute("ALTER TABLE attachments DROP CONSTRAINT IF EXISTS attachments_message_id_fkey");
        h.execute("ALTER TABLE messages RENAME TO messages_unpartitioned");
        h.execute("ALTER TABLE messages_partitioned RENAME TO messages");
        long last = h.createQuery("""
                        SELECT GREATEST((SELECT COALESCE(max(id), 0) FROM messages),
                                        (SELECT COALESCE(max(id), 0) FROM messages_unpartitioned))""")
                .mapTo(Long.class)
                .one();
        // Next id: one past the last either table gave out (1 on a fresh install).
        h.createQuery("SELECT setval('messages_partitioned_id_seq', :last, :called)")
                .bind("last", Math.max(last, 1))
                .bind("called", last > 0)
                .mapTo(Long.class)
                .one();
        h.execute("ALTER TABLE messages ALTER COLUMN id SET DEFAULT nextval('messages_partitioned_id_seq')");
        h.execute("UPDATE message_partitioning SET phase = 'partitioned'");
        return Phase.PARTITIONED;
    }
}
