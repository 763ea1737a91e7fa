package io.vestnik.loadgen.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.vestnik.loadgen.Options;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The database's own ceiling for message inserts, next to which Vestnik's persisted sends are judged:
 * one connection writes message-shaped rows (a scratch copy of Vestnik's messages table, keys and
 * search index included) in batched INSERTs, many rows per transaction, for a fixed time, then drops
 * the table. No network beyond loopback.
 */
@Command(name = "insert-ceiling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Batched-insert ceiling of PostgreSQL or SQLite for message-shaped rows.")
public final class InsertCeiling implements Callable<Integer> {
    private static final int CHATS = 20;
    private static final String INSERT = "INSERT INTO loadgen_insert_ceiling"
            + " (chat_id, seq, sender_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?)";

    @Option(names = "--jdbc-url", required = true,
            description = "jdbc:postgresql://127.0.0.1:5432/db?user=postgres or jdbc:sqlite:/tmp/ceiling.db")
    String jdbcUrl;
    @Option(names = "--seconds", defaultValue = "5", description = "How long to insert (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--rows-per-transaction", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}")
    int rowsPerTransaction;
    @Option(names = "--json", description = "Also write the result as JSON to this file")
    Path json;

    /** Rows per second over the whole timed loop, commits included. */
    public record Result(String database, int rowsPerTransaction, long rows, double seconds, double rowsPerSecond) {}

    @Override
    public Integer call() throws Exception {
        Result result = measure(jdbcUrl, seconds, rowsPerTransaction);
        System.out.printf(Locale.ROOT, "%s insert ceiling: %.0f rows/s (%d rows per transaction, %.1f s)%n",
                result.database(), result.rowsPerSecond(), result.rowsPerTransaction(), result.seconds());
        if (json != null) {
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writeValue(json.toFile(), result);
        }
        return 0;
    }

    public static Result measure(String jdbcUrl, int seconds, int rowsPerTransaction) throws SQLException, IOException {
        String database = dialect(jdbcUrl);
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            run(db, schema(database));
            db.setAutoCommit(false);
            long[] seqs = new long[CHATS];
            long rows = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < rowsPerTransaction; i++, rows++) {
                        int chat = (int) (rows % CHATS);
                        insert.setLong(1, chat);
                        insert.setLong(2, ++seqs[chat]);
                        insert.setLong(3, rows % 100);
                        insert.setString(4, Long.toString(System.nanoTime())); // the benchmark's body
                        insert.setString(5, "c-" + rows);
                        insert.setLong(6, System.currentTimeMillis());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    db.commit();
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            db.setAutoCommit(true);
            run(db, "DROP TABLE IF EXISTS loadgen_insert_ceiling" + ("sqlite".equals(database) ? "_fts" : ""));
            run(db, "DROP TABLE IF EXISTS loadgen_insert_ceiling");
            return new Result(database, rowsPerTransaction, rows, elapsed, rows / elapsed);
        }
    }

    private static String dialect(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return "sqlite";
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            Options.requireLoopback(URI.create(jdbcUrl.substring("jdbc:".length())));
            return "postgresql";
        }
        throw new IllegalArgumentException("Only jdbc:postgresql: and jdbc:sqlite: URLs: " + jdbcUrl);
    }

    private static String schema(String database) throws IOException {
        try (InputStream in = InsertCeiling.class.getResourceAsStream("/ceiling/" + database + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs blank-line-separated statements, skipping comment lines. */
    private static void run(Connection db, String script) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*\\n", "").split("\\n\\s*\\n")) {
                if (!sql.isBlank()) statement.execute(sql.strip());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new InsertCeiling()).execute(args));
    }
}
