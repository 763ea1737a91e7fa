package io.vestnik.jmh;

import io.vestnik.config.PostgresUrl;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.Storage;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A started {@link Storage} on a database of its own, removed on {@link #close()}: SQLite in a
 * fresh temporary directory, or a fresh database on the PostgreSQL server that
 * {@code VESTNIK_JMH_PG_URL} names (default: the local one, user postgres, database test).
 */
public final class BenchStorage implements AutoCloseable {
    private static final String PG_ADMIN_URL = System.getenv().getOrDefault("VESTNIK_JMH_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final Storage storage;
    private final Runnable removeDatabase;

    private BenchStorage(Storage storage, Runnable removeDatabase) {
        this.storage = storage;
        this.removeDatabase = removeDatabase;
    }

    /**
     * @param engine "sqlite" or "postgres"
     * @param meters where the engine reports its group commits
     */
    public static BenchStorage open(String engine, StorageMeters meters) {
        BenchStorage opened = switch (engine) {
            case "sqlite" -> sqlite(meters);
            case "postgres" -> postgres(meters);
            default -> throw new IllegalArgumentException("unknown engine " + engine + "; use sqlite or postgres");
        };
        opened.storage.start();
        return opened;
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public void close() {
        storage.close();
        removeDatabase.run();
    }

    private static BenchStorage sqlite(StorageMeters meters) {
        try {
            Path dir = Files.createTempDirectory("vestnik-jmh-");
            return new BenchStorage(new SqliteStorage(dir, meters, SearchLanguage.DEFAULT), () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BenchStorage postgres(StorageMeters meters) {
        String name = "vestnik_jmh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = PG_ADMIN_URL.replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
        if (!url.contains(name)) throw new IllegalArgumentException("VESTNIK_JMH_PG_URL names no database: " + PG_ADMIN_URL);
        admin("CREATE DATABASE " + name);
        return new BenchStorage(new PostgresStorage(PostgresUrl.parse(url), meters, SearchLanguage.DEFAULT), () -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_ADMIN_URL + " refused '" + sql + "' (bin/jmh skips "
                    + "the postgres runs when the server is down; or pass -p engine=sqlite)", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
