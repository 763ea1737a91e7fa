package io.vestnik.store.sql;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * A SQLite database file handled as a file, for backup and restore: one plain connection (no pool,
 * no migrations), the integrity check, and installing a finished copy so that the target path holds
 * either the old file or the whole new one, {@code 0600}, even across a power cut. Blocking.
 */
final class SqliteFile {
    /** A node may be writing the same file: wait for its write lock rather than fail at once. */
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private SqliteFile() {}

    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** {@code PRAGMA integrity_check}: refuses a file that is not a sound SQLite database. */
    static void checkIntegrity(Path file) {
        try (Connection c = connect(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(verdict)) throw new BackupRefused(file + " failed SQLite's integrity check: " + verdict);
        } catch (SQLException e) {
            throw new BackupRefused(file + " is not a readable SQLite database: " + e.getMessage(), e);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean hasTable(Connection c, String table) throws SQLException {
        try (var s = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** An empty file only the server user may read, where a copy will be written. */
    static Path createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) return Files.createFile(file);
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Flushes {@code temp} to disk, renames it over {@code target} in one step, and flushes the directory entry. */
    static void install(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
