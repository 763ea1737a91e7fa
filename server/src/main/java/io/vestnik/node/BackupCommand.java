package io.vestnik.node;

import io.vestnik.config.Config;
import io.vestnik.store.sql.BackupRefused;
import io.vestnik.store.sql.SqliteBackup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/vestnik backup FILE}: a consistent copy of the embedded database, taken while nodes
 * serve from it ({@link SqliteBackup}); no node needs to stop. PostgreSQL has its own tools, which
 * this does not wrap: it says which and fails.
 */
public final class BackupCommand {
    static final String USAGE = "usage: bin/vestnik backup <file>";
    static final String DOCS = "see docs/operations.md, \"Back up and restore\"";

    private final PrintStream out;
    private final PrintStream err;

    public BackupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @param args the words after {@code backup}; returns the process's exit status */
    public int run(Config config, List<String> args) {
        if (args.size() != 1) {
            err.println(USAGE);
            return 2;
        }
        if (config.usesPostgres()) {
            err.println("vestnik backup: storage is PostgreSQL; back it up with pg_dump, or pg_basebackup with WAL archiving for "
                    + "point-in-time recovery (" + DOCS + ").");
            return 2;
        }
        try {
            SqliteBackup.Copied copied = SqliteBackup.copy(config.dataDir(), Path.of(args.getFirst()));
            out.printf("Backed up %d messages in %d chats to %s (%d bytes, integrity checked) in %d ms.%n", copied.messages(),
                    copied.chats(), copied.file(), copied.bytes(), copied.took().toMillis());
            return 0;
        } catch (BackupRefused refused) {
            err.println("vestnik backup: " + refused.getMessage());
            return 1;
        }
    }
}
