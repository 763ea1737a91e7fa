package io.vestnik.store.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteDataSource;

/**
 * Puts a backup in place of the embedded database; the caller holds the data directory's lock, so
 * no node runs on it. The backup must pass the integrity check and be a Vestnik database of a
 * schema this binary knows (an older one is migrated forward when the node starts). The restored
 * copy's {@link Counters} are raised past the replaced database's, and it gets a new storage
 * identity so that caches outside the database (Redis) never serve entries of the replaced one. The
 * replaced database is kept aside, with its {@code -wal} and {@code -shm}, as
 * {@code vestnik.db.before-restore-<time>}. Blocking.
 */
public final class SqliteRestore {
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] COMPANIONS = {"-wal", "-shm"};
    /** How far every counter moves on when the replaced database does not say how far it went. */
    public static final long MARGIN = Counters.MARGIN;

    private SqliteRestore() {}

    /**
     * @param keptAside the replaced database, or null when there was none
     * @param exact true when the replaced database told every counter; false when the margin was used
     */
    public record Restored(Path keptAside, long messages, long chats, boolean exact) {}

    public static Restored restore(Path dataDir, Path backup, Instant now) {
        if (!Files.isRegularFile(backup)) throw new BackupRefused("There is no backup file at " + backup.toAbsolutePath());
        SqliteFile.checkIntegrity(backup);
        checkSchema(backup);
        Path database = SqliteStorage.databaseFile(dataDir);
        Path temp = dataDir.resolve(".vestnik.db.restoring");
        try {
            Counters replaced = countersOf(database);
            // Into the 0600 file, whatever the backup file's own mode.
            try (InputStream in = Files.newInputStream(backup); OutputStream out = Files.newOutputStream(SqliteFile.createOwnerOnly(temp))) {
                in.transferTo(out);
            }
            Restored restored = prepare(temp, replaced);
            Path aside = keepAside(database, now);
            SqliteFile.install(temp, database);
            return new Restored(aside, restored.messages(), restored.chats(), restored.exact());
        } catch (IOException | SQLException e) {
            throw new BackupRefused("The restore from " + backup + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover named as such; the next restore replaces it.
            }
        }
    }

    /** Refuses a file that is not a Vestnik database, or one migrated past what this binary knows. */
    private static void checkSchema(Path backup) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + backup);
        MigrationInfo[] all = Flyway.configure().dataSource(source).locations(SqliteStorage.MIGRATIONS).load().info().all();
        if (Arrays.stream(all).noneMatch(MigrationInfo::isApplied)) {
            throw new BackupRefused(backup + " is not a Vestnik database (it has no Vestnik schema history).");
        }
        Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .findFirst().ifPresent(newer -> {
                    throw new BackupRefused(backup + " has schema version " + newer.getVersion()
                            + ", newer than this Vestnik knows; restore it with the Vestnik version that made it.");
                });
    }

    /** Null when there is no database to replace, or it cannot be read (then the margin is used). */
    private static Counters countersOf(Path database) {
        if (!Files.isRegularFile(database)) return null;
        try (Connection c = SqliteFile.connect(database)) {
            return Counters.read(c);
        } catch (SQLException unreadable) {
            return null;
        }
    }

    private static Restored prepare(Path copy, Counters replaced) throws SQLException {
        try (Connection c = SqliteFile.connect(copy)) {
            c.setAutoCommit(false);
            Counters own = Counters.read(c);
            (replaced == null ? own.plusMargin() : own.raisedTo(replaced)).write(c);
            if (SqliteFile.hasTable(c, "storage_identity")) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE storage_identity SET id = lower(hex(randomblob(16)))");
                }
            }
            c.commit();
            return new Restored(null, SqliteFile.count(c, "messages"), SqliteFile.count(c, "chats"), replaced != null);
        }
    }

    /**
     * A second name for the replaced file (so {@code vestnik.db} is never missing, even if the
     * restore dies here: a node would otherwise start on a new empty database), and its stale
     * {@code -wal} and {@code -shm} moved beside it: left in place, SQLite would read them with the
     * restored file.
     */
    private static Path keepAside(Path database, Instant now) throws IOException {
        if (!Files.exists(database)) return null;
        Path aside = database.resolveSibling(database.getFileName() + ".before-restore-" + ASIDE.format(now));
        try {
            Files.createLink(aside, database);
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            Files.copy(database, aside, StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (String suffix : COMPANIONS) {
            Path file = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(file)) Files.move(file, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
        return aside;
    }
}
