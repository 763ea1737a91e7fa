package io.vestnik.store.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * An online copy of the embedded database while a node may be serving from it. {@code VACUUM INTO}
 * runs in one read transaction, so under WAL the copy is the database as of that transaction's
 * start — every transaction committed before it (every message acknowledged by then) and nothing of
 * any later one — and the node's writers do not wait for it. The copy is checked with
 * {@code PRAGMA integrity_check} before it replaces {@code target} atomically. Blocking.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    /** What a backup holds, for the operator. */
    public record Copied(Path file, long messages, long chats, long bytes, Duration took) {}

    public static Copied copy(Path dataDir, Path target) {
        Path database = SqliteStorage.databaseFile(dataDir);
        if (!Files.isRegularFile(database)) throw new BackupRefused("There is no database to back up at " + database.toAbsolutePath());
        long started = System.nanoTime();
        Path temp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".partial");
        try {
            SqliteFile.createOwnerOnly(temp);
            vacuumInto(database, temp);
            SqliteFile.checkIntegrity(temp);
            Copied copied = describe(temp, target, Duration.ofNanos(System.nanoTime() - started));
            SqliteFile.install(temp, target);
            return copied;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupRefused("The backup to " + target + " failed: no such directory " + e.getFile(), e);
        } catch (IOException | SQLException e) {
            throw new BackupRefused("The backup to " + target + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void vacuumInto(Path database, Path temp) throws SQLException {
        try (Connection c = SqliteFile.connect(database); PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, temp.toString());
            s.execute();
        }
    }

    private static Copied describe(Path temp, Path target, Duration took) throws SQLException, IOException {
        try (Connection c = SqliteFile.connect(temp)) {
            return new Copied(target, SqliteFile.count(c, "messages"), SqliteFile.count(c, "chats"), Files.size(temp), took);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Only a leftover partial copy, named as such; the next backup replaces it.
        }
    }
}
