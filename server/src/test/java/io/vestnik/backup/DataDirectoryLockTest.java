package io.vestnik.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.config.Config;
import io.vestnik.config.ConfigLoader;
import io.vestnik.node.BackupCommand;
import io.vestnik.node.RestoreCommand;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node holds its data directory: a second node and a restore on it are refused with a sentence
 * that says why, while a backup goes ahead; once the node stops, the restore goes ahead too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataDirectoryLockTest {

    @Test
    void a_second_node_and_a_restore_are_refused_while_a_node_runs_on_the_data_directory() throws Exception {
        Path data = Files.createTempDirectory("vestnik-locked");
        Path backup = Files.createTempDirectory("vestnik-backups").resolve("locked.backup");
        Map<String, String> settings = Map.of("VESTNIK_DATA_DIR", data.toString());
        Config config = ConfigLoader.load(settings).config();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (NodeProcess node = NodeProcess.start("holder", Cluster.freePort(), settings)) {
            assertThatThrownBy(() -> NodeProcess.start("intruder", Cluster.freePort(), settings).close())
                    .hasMessageContaining("intruder exited").hasMessageContaining("vestnik.lock").hasMessageContaining("Stop it first");
            assertThat(new BackupCommand(out, out).run(config, List.of(backup.toString()))).as("a backup needs no stop").isZero();
            assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of(backup.toString()))).isEqualTo(1);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Stop it first");
            assertThat(node.ready()).as("the running node is untouched").isTrue();

            node.stop();
            assertThat(new RestoreCommand(out, out, Clock.systemUTC()).run(config, List.of(backup.toString()))).isZero();
        }
    }
}
