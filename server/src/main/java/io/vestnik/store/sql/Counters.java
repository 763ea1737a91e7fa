package io.vestnik.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Every number a SQLite database hands out that clients keep: each chat's last message seq, each
 * user's last notification seq, and each AUTOINCREMENT table's last id ({@code sqlite_sequence}).
 * A restore raises the restored database's counters past the replaced one's, so nothing the old
 * database handed out — a seq a client holds as its resume position, a chat or message id — is
 * ever handed out again for something else (docs/decisions/0024-restore-never-reuses-a-seq.md).
 */
record Counters(Map<Long, Long> chatSeqs, Map<Long, Long> notificationSeqs, Map<String, Long> tableIds) {
    /** Used when the replaced database is missing or unreadable: far past anything one backup interval hands out. */
    static final long MARGIN = 1_000_000;

    static Counters read(Connection c) throws SQLException {
        return new Counters(longs(c, "SELECT id, last_seq FROM chats"),
                SqliteFile.hasTable(c, "notification_counters") ? longs(c, "SELECT user_id, last_seq FROM notification_counters") : Map.of(),
                tableIds(c));
    }

    /** Each counter at least as high as in {@code replaced}. */
    Counters raisedTo(Counters replaced) {
        return new Counters(merged(chatSeqs, replaced.chatSeqs), merged(notificationSeqs, replaced.notificationSeqs),
                merged(tableIds, replaced.tableIds));
    }

    /** Each counter {@link #MARGIN} higher: what the replaced database handed out is unknown. */
    Counters plusMargin() {
        return new Counters(plus(chatSeqs), plus(notificationSeqs), plus(tableIds));
    }

    void write(Connection c) throws SQLException {
        update(c, "UPDATE chats SET last_seq = ? WHERE id = ? AND last_seq < ?", chatSeqs);
        update(c, "UPDATE notification_counters SET last_seq = ? WHERE user_id = ? AND last_seq < ?", notificationSeqs);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sqlite_sequence");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
            for (var table : tableIds.entrySet()) {
                s.setString(1, table.getKey());
                s.setLong(2, table.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Nothing to do, and the table may not exist, in a backup from before notifications. */
    private static <K> void update(Connection c, String sql, Map<K, Long> counters) throws SQLException {
        if (counters.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (var counter : counters.entrySet()) {
                s.setLong(1, counter.getValue());
                s.setObject(2, counter.getKey());
                s.setLong(3, counter.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Only tables that exist in this database: a table the replaced one had and this one lacks has no ids to hand out. */
    private static <K> Map<K, Long> merged(Map<K, Long> mine, Map<K, Long> replaced) {
        Map<K, Long> result = new HashMap<>(mine);
        replaced.forEach((key, value) -> result.computeIfPresent(key, (k, own) -> Math.max(own, value)));
        return result;
    }

    private static <K> Map<K, Long> plus(Map<K, Long> counters) {
        Map<K, Long> result = new HashMap<>(counters);
        result.replaceAll((key, value) -> value + MARGIN);
        return result;
    }

    private static Map<Long, Long> longs(Connection c, String sql) throws SQLException {
        Map<Long, Long> result = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) result.put(rs.getLong(1), rs.getLong(2));
        }
        return result;
    }

    /** Every AUTOINCREMENT table, with 0 when it has handed out no id yet. */
    private static Map<String, Long> tableIds(Connection c) throws SQLException {
        Map<String, Long> result = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'")) {
            while (rs.next()) result.put(rs.getString(1), 0L);
        }
        if (!SqliteFile.hasTable(c, "sqlite_sequence")) return result;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
            while (rs.next()) {
                long seq = rs.getLong(2);
                result.computeIfPresent(rs.getString(1), (name, zero) -> seq);
            }
        }
        return result;
    }
}
