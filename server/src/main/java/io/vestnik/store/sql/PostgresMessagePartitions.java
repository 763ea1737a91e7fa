package io.vestnik.store.sql;

import io.vestnik.config.PartitionInterval;
import io.vestnik.store.MessagePartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** {@link MessagePartitions} on PostgreSQL: declarative range partitions of {@code created_at}. */
final class PostgresMessagePartitions implements MessagePartitions {
    /** Partitions exist this many intervals past the current one. */
    static final int AHEAD = 2;
    /** A partition drop waits this long for its locks, then gives up until the next pass. */
    private static final String DROP_LOCK_TIMEOUT = "5s";
    /** Chats whose version moves per transaction after a drop. */
    private static final int VERSION_BATCH = 1_000;

    private final Db db;
    private final PartitionInterval interval;

    PostgresMessagePartitions(Db db, PartitionInterval interval) {
        this.db = db;
        this.interval = interval;
    }

    /** The end of the last interval that must already have its partition at {@code now}. */
    static Instant aheadOf(Instant now, PartitionInterval interval) {
        Instant end = interval.next(now);
        for (int i = 0; i < AHEAD; i++) end = interval.next(end);
        return end;
    }

    @Override
    public Phase phase() {
        return db.read(h -> PartitionConversion.state(h).phase());
    }

    @Override
    public Phase convertStep(Instant now, Duration settle, int batch) {
        if (phase() == Phase.UNPARTITIONED) db.write(h -> {
            PartitionConversion.prepare(h, now, interval);
            return null;
        });
        return db.write(h -> PartitionConversion.step(h, now, settle, batch));
    }

    /** At start: an empty unpartitioned table (a fresh install) is swapped at once, nothing to copy or wait for. */
    void convertIfEmpty(Instant now) {
        boolean empty = db.read(h -> h.createQuery("SELECT NOT EXISTS (SELECT 1 FROM messages)").mapTo(Boolean.class).one());
        if (!empty || phase() != Phase.UNPARTITIONED) return;
        Phase phase;
        do {
            phase = convertStep(now, Duration.ZERO, 1_000);
        } while (phase != Phase.PARTITIONED);
    }

    @Override
    public List<String> createAhead(Instant now) {
        List<String> created = new ArrayList<>();
        db.write(h -> {
            PartitionConversion.lock(h);
            String parent = PartitionConversion.partitioned(PartitionConversion.state(h).phase());
            for (PartitionTables.Range range : PartitionTables.missing(h, parent, interval, now, aheadOf(now, interval))) {
                PartitionTables.create(h, parent, range);
                created.add(range.name());
            }
            return created;
        });
        return created;
    }

    @Override
    public long dropBefore(Instant before) {
        if (phase() != Phase.PARTITIONED) return 0;
        long removed = 0;
        for (PartitionTables.Range range : db.read(h -> PartitionTables.ranges(h, "messages"))) {
            if (range.to() > before.toEpochMilli()) break;
            List<Long> chats = db.read(h -> h.createQuery("SELECT DISTINCT chat_id FROM " + range.name() + " ORDER BY chat_id")
                    .mapTo(Long.class).list());
            removed += db.write(h -> drop(h, range.name()));
            // After the drop, not with it: a cache rebuilt in between reads the chat without the rows.
            for (int i = 0; i < chats.size(); i += VERSION_BATCH) {
                List<Long> some = chats.subList(i, Math.min(chats.size(), i + VERSION_BATCH));
                db.write(h -> h.createUpdate("""
                                UPDATE chats SET version = version + 1
                                WHERE id IN (SELECT id FROM chats WHERE id IN (<ids>) ORDER BY id FOR UPDATE)""")
                        .bindList("ids", some).execute());
            }
        }
        return removed;
    }

    /** The partition's dependents and then the partition, in one transaction: no pin or file outlives its message. */
    private static long drop(Handle h, String partition) {
        PartitionConversion.lock(h);
        h.execute("SET LOCAL lock_timeout = '" + DROP_LOCK_TIMEOUT + "'");
        PartitionTables.lockReferenced(h);
        h.execute("DELETE FROM attachments a USING " + partition + " m WHERE a.message_id = m.id");
        for (String table : List.of("pins", "reactions")) {
            h.execute("DELETE FROM " + table + " x USING " + partition + " m WHERE x.chat_id = m.chat_id AND x.seq = m.seq");
        }
        long rows = h.createQuery("SELECT count(*) FROM " + partition).mapTo(Long.class).one();
        h.execute("DROP TABLE " + partition);
        return rows;
    }

    @Override
    public int deleteStrayOlderThan(Instant before, int limit) {
        return db.write(h -> MessageRetention.deleteOlderThan(h, PartitionTables.DEFAULT, before.toEpochMilli(), limit));
    }

    @Override
    public List<String> names() {
        return db.read(h -> {
            List<String> names = new ArrayList<>(PartitionTables.ranges(h,
                    PartitionConversion.partitioned(PartitionConversion.state(h).phase())).stream()
                    .map(PartitionTables.Range::name).toList());
            names.add(PartitionTables.DEFAULT);
            return names;
        });
    }
}
