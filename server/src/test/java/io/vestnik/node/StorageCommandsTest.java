package io.vestnik.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.Config;
import io.vestnik.config.ConfigLoader;
import io.vestnik.store.DataDirectoryLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code backup} and {@code restore} refuse, and how they say it. */
class StorageCommandsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void on_postgresql_both_name_postgresql_s_own_tools_and_fail() {
        Config config = config(Map.of("VESTNIK_DATABASE_URL", "postgresql://127.0.0.1:1/unused"));

        assertThat(new BackupCommand(out, out).run(config, List.of("copy.db"))).isEqualTo(2);
        assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of("copy.db"))).isEqualTo(2);

        assertThat(printed()).contains("pg_dump", "pg_basebackup", "pg_restore", "Back up and restore");
    }

    @Test
    void a_restore_is_refused_while_the_data_directory_is_in_use() {
        Config config = config(Map.of());
        try (DataDirectoryLock running = DataDirectoryLock.acquire(config.dataDir())) {
            assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of(dir.resolve("any.backup").toString())))
                    .isEqualTo(1);
        }
        assertThat(printed()).contains("holds", "vestnik.lock", "Stop it first");
    }

    @Test
    void a_backup_restored_into_a_new_data_directory_moves_counters_on_since_clients_may_be_past_it() {
        Path source = dir.resolve("source");
        try (var storage = new io.vestnik.store.sql.SqliteStorage(source)) {
            storage.start();
        }
        Path backup = dir.resolve("source.backup");
        Config sourceConfig = ConfigLoader.load(Map.of("VESTNIK_DATA_DIR", source.toString())).config();

        assertThat(new BackupCommand(out, out).run(sourceConfig, List.of(backup.toString()))).isZero();
        assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config(Map.of()), List.of(backup.toString()))).isZero();

        assertThat(printed()).contains("Backed up 0 messages in 0 chats", "integrity checked", "Restored 0 messages in 0 chats",
                "There was no database to replace", "moved on by 1000000");
    }

    @Test
    void a_backup_with_no_database_or_no_target_directory_fails_and_says_why() {
        Config config = config(Map.of());
        assertThat(new BackupCommand(out, out).run(config, List.of(dir.resolve("a.backup").toString()))).isEqualTo(1);
        try (var storage = new io.vestnik.store.sql.SqliteStorage(config.dataDir())) {
            storage.start();
        }
        assertThat(new BackupCommand(out, out).run(config, List.of(dir.resolve("missing/a.backup").toString()))).isEqualTo(1);
        assertThat(printed()).contains("There is no database to back up", "no such directory");
    }

    @Test
    void each_takes_exactly_one_file() {
        Config config = config(Map.of());
        assertThat(new BackupCommand(out, out).run(config, List.of())).isEqualTo(2);
        assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of("a", "b"))).isEqualTo(2);
        assertThat(printed()).contains(BackupCommand.USAGE, RestoreCommand.USAGE);
    }

    private Config config(Map<String, String> settings) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("VESTNIK_DATA_DIR", dir.resolve("data").toString());
        return ConfigLoader.load(env).config();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
