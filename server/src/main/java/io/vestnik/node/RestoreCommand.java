package io.vestnik.node;

import io.vestnik.config.Config;
import io.vestnik.store.DataDirectoryLock;
import io.vestnik.store.sql.BackupRefused;
import io.vestnik.store.sql.SqliteRestore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code bin/vestnik restore FILE}: puts a backup made by {@code backup} in place of the embedded
 * database ({@link SqliteRestore}). It holds the data directory's lock while it works, so it is
 * refused while a node runs there, and no node starts halfway through.
 */
public final class RestoreCommand {
    static final String USAGE = "usage: bin/vestnik restore <file>";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public RestoreCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** @param args the words after {@code restore}; returns the process's exit status */
    public int run(Config config, List<String> args) {
        if (args.size() != 1) {
            err.println(USAGE);
            return 2;
        }
        if (config.usesPostgres()) {
            err.println("vestnik restore: storage is PostgreSQL; restore it with pg_restore, or from a base backup and its "
                    + "archived WAL (" + BackupCommand.DOCS + ").");
            return 2;
        }
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir())) {
            report(SqliteRestore.restore(config.dataDir(), Path.of(args.getFirst()), clock.instant()), args.getFirst());
            return 0;
        } catch (DataDirectoryLock.Held | BackupRefused refused) {
            err.println("vestnik restore: " + refused.getMessage());
            return 1;
        }
    }

    private void report(SqliteRestore.Restored restored, String file) {
        out.printf("Restored %d messages in %d chats from %s.%n", restored.messages(), restored.chats(), file);
        if (restored.keptAside() != null) out.println("The replaced database is kept as " + restored.keptAside() + ".");
        if (restored.exact()) {
            out.println("Every chat continues after the highest seq the replaced database handed out, so clients resume where they were.");
        } else {
            out.println((restored.keptAside() == null ? "There was no database to replace" : "The replaced database could not be read")
                    + ": every chat's next seq (and every id) moved on by " + SqliteRestore.MARGIN
                    + ", so that none a client may hold is handed out again.");
        }
        out.println("Messages acknowledged after the backup was taken are not in it (" + BackupCommand.DOCS + ").");
    }
}
