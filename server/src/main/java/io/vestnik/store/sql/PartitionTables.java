package io.vestnik.store.sql;

import io.vestnik.config.PartitionInterval;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The partitions of a partitioned messages table, read from PostgreSQL's catalog, and the creation
 * of new ones. Bounds are epoch milliseconds of {@code created_at}, lower inclusive, upper exclusive.
 */
final class PartitionTables {
    private PartitionTables() {}

    static final String DEFAULT = "messages_default";
    private static final Pattern BOUNDS = Pattern.compile("FROM \\('?(-?\\d+)'?\\) TO \\('?(-?\\d+)'?\\)");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'messages_p'yyyyMMdd").withZone(ZoneOffset.UTC);

    record Range(String name, long from, long to) {}

    /** The range partitions of {@code parent}, in time order (the default partition is not one). */
    static List<Range> ranges(Handle h, String parent) {
        List<Range> ranges = new ArrayList<>();
        h.createQuery("""
                        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
                        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = CAST(:parent AS regclass)""")
                .bind("parent", parent)
                .map((rs, ctx) -> new String[] {rs.getString("relname"), rs.getString("bound")})
                .forEach(row -> {
                    Matcher m = BOUNDS.matcher(row[1]);
                    if (m.find()) ranges.add(new Range(row[0], Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                });
        ranges.sort(Comparator.comparingLong(Range::from));
        return ranges;
    }

    /** The columns a copy writes, in table order: every one but generated ones (PostgreSQL computes those). */
    static String columns(Handle h, String table) {
        return String.join(", ", h.createQuery("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = :table AND is_generated = 'NEVER'
                        ORDER BY ordinal_position""")
                .bind("table", table)
                .mapTo(String.class)
                .list());
    }

    /**
     * The ranges that cover, with no overlap, from the end of the last partition of {@code parent} (or
     * from {@code from} when it has none) through {@code until}: whole intervals, except a first
     * one that starts where an older interval setting left off.
     */
    static List<Range> missing(Handle h, String parent, PartitionInterval interval, Instant from, Instant until) {
        List<Range> existing = ranges(h, parent);
        Instant start = existing.isEmpty() ? interval.floor(from) : Instant.ofEpochMilli(existing.getLast().to());
        List<Range> missing = new ArrayList<>();
        while (start.isBefore(until)) {
            Instant end = interval.next(start);
            missing.add(new Range(NAME.format(start), start.toEpochMilli(), end.toEpochMilli()));
            start = end;
        }
        return missing;
    }

    /**
     * Attaching or dropping a partition adds or removes its foreign keys' triggers on chats and
     * users, which locks them against writes. Taken first, before anything of messages: an append
     * locks its chat row and then writes messages, so it waits here instead of deadlocking with us.
     */
    static void lockReferenced(Handle h) {
        h.execute("LOCK TABLE chats, users IN SHARE ROW EXCLUSIVE MODE");
    }

    /**
     * Creates {@code range} as a partition of {@code parent}, inside the caller's transaction. Made as
     * a table of its own and then attached, which locks the parent only against DDL (a CREATE ...
     * PARTITION OF would lock out every read and write of it). Rows of its time waiting in the
     * default partition move into it first: PostgreSQL refuses the partition while they are there.
     * Returns how many moved.
     */
    static int create(Handle h, String parent, Range range) {
        String columns = columns(h, parent);
        String inRange = " WHERE created_at >= " + range.from() + " AND created_at < " + range.to();
        lockReferenced(h);
        h.execute("LOCK TABLE " + DEFAULT + " IN SHARE ROW EXCLUSIVE MODE");
        h.execute("CREATE TABLE " + range.name() + " (LIKE " + parent + " INCLUDING DEFAULTS INCLUDING GENERATED)");
        int moved = h.execute("INSERT INTO " + range.name() + " (" + columns + ") SELECT " + columns + " FROM " + DEFAULT + inRange);
        if (moved > 0) h.execute("DELETE FROM " + DEFAULT + inRange);
        h.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + range.name()
                + " FOR VALUES FROM (" + range.from() + ") TO (" + range.to() + ")");
        return moved;
    }
}
