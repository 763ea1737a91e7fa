package io.vestnik.backup;

import io.vestnik.config.Config;
import io.vestnik.config.ConfigLoader;
import io.vestnik.node.BackupCommand;
import io.vestnik.node.RestoreCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The operator of one embedded-storage node: its private data directory and a backup file, the
 * settings to start the node with, and {@code bin/vestnik backup} / {@code restore} as the
 * commands run them (in this process, on the same settings), keeping everything they print.
 */
final class Operator {
    final Path data;
    final Path backup;
    final Map<String, String> settings;
    private final Config config;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    Operator() throws IOException {
        data = Files.createTempDirectory("vestnik-data");
        backup = Files.createTempDirectory("vestnik-backups").resolve("vestnik.backup");
        settings = Map.of("VESTNIK_DATA_DIR", data.toString());
        config = ConfigLoader.load(settings).config();
    }

    /** The exit status of {@code bin/vestnik backup <backup>}. */
    int backUp() {
        return new BackupCommand(out, out).run(config, List.of(backup.toString()));
    }

    /** The exit status of {@code bin/vestnik restore <backup>}. */
    int restore() {
        return new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of(backup.toString()));
    }

    /** Everything the commands printed so far, also echoed to the test's output. */
    String printed() {
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        printed.reset();
        return text;
    }
}
